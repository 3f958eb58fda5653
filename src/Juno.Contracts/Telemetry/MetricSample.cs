namespace Juno.Contracts.Telemetry;

/// <summary>One observation of one metric. A value type so a batch is one contiguous array.</summary>
[GenerateSerializer, Immutable]
[Alias("juno.MetricSample")]
public readonly record struct MetricSample(
    [property: Id(0)] MetricKind Metric,
    [property: Id(1)] long TimestampMs,
    [property: Id(2)] double Value);
