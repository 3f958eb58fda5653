namespace Juno.Contracts.Telemetry;

/// <summary>The samples for one entity that travel in one grain call. Marked immutable so Orleans
/// passes it without a deep copy inside a silo; callers must not mutate the array after sending.</summary>
[GenerateSerializer, Immutable]
[Alias("juno.SampleBatch")]
public sealed record SampleBatch([property: Id(0)] MetricSample[] Samples)
{
    /// <summary>Largest batch one grain call accepts; larger batches are refused at the edge.</summary>
    public const int MaxSamples = 10_000;
}

/// <summary>What an entity grain did with a batch. Samples that are not newer than the last accepted
/// sample of their metric are dropped (counted, not an error): telemetry pipelines redeliver.</summary>
[GenerateSerializer, Immutable]
[Alias("juno.IngestResult")]
public sealed record IngestResult(
    [property: Id(0)] int Accepted,
    [property: Id(1)] int DroppedStale,
    [property: Id(2)] int RejectedNonFinite,
    [property: Id(3)] double MaxAnomalyScore);
