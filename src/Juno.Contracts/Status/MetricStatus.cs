using Juno.Contracts.Telemetry;

namespace Juno.Contracts.Status;

/// <summary>The live model of one metric of one entity.</summary>
[GenerateSerializer, Immutable]
[Alias("juno.MetricStatus")]
public sealed record MetricStatus(
    [property: Id(0)] MetricKind Metric,
    [property: Id(1)] double LastValue,
    [property: Id(2)] long LastTimestampMs,
    [property: Id(3)] double AnomalyScore,
    [property: Id(4)] double Baseline,
    [property: Id(5)] long SamplesSeen);

/// <summary>One forecast horizon with its 80% and 95% prediction intervals.</summary>
[GenerateSerializer, Immutable]
[Alias("juno.HorizonForecast")]
public sealed record HorizonForecast(
    [property: Id(0)] string Horizon,
    [property: Id(1)] long TargetTimestampMs,
    [property: Id(2)] double Mean,
    [property: Id(3)] double Lower80,
    [property: Id(4)] double Upper80,
    [property: Id(5)] double Lower95,
    [property: Id(6)] double Upper95);

[GenerateSerializer, Immutable]
[Alias("juno.MetricForecast")]
public sealed record MetricForecast(
    [property: Id(0)] MetricKind Metric,
    [property: Id(1)] bool SeasonalityLearned,
    [property: Id(2)] HorizonForecast[] Horizons);

/// <summary>Forecasts for every metric of an entity at 15 minutes, 1 hour and 24 hours.</summary>
[GenerateSerializer, Immutable]
[Alias("juno.ForecastReport")]
public sealed record ForecastReport(
    [property: Id(0)] string Entity,
    [property: Id(1)] long AsOfTimestampMs,
    [property: Id(2)] MetricForecast[] Metrics);
