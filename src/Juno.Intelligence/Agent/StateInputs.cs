namespace Juno.Intelligence;

/// <summary>Raw observations for one entity that <see cref="StateVector"/> turns into the agent's state.</summary>
/// <param name="CpuUtilisation">Fraction of requested CPU in use (1 = at request).</param>
/// <param name="MemoryUtilisation">Fraction of the memory limit in use.</param>
/// <param name="LatencyRatio">p95 latency divided by its SLO (above 1 = breaching).</param>
/// <param name="ErrorRate">Fraction of requests failing.</param>
/// <param name="Replicas">Current replica count.</param>
/// <param name="MaxReplicas">Upper replica bound.</param>
/// <param name="Forecast15mRatio">Forecast demand in 15 minutes divided by current demand.</param>
/// <param name="Forecast1hRatio">Forecast demand in an hour divided by current demand.</param>
/// <param name="AnomalyScore">Detector score in [0, 1].</param>
/// <param name="HourOfDay">UTC hour of day in [0, 24).</param>
public readonly record struct StateInputs(
    double CpuUtilisation,
    double MemoryUtilisation,
    double LatencyRatio,
    double ErrorRate,
    int Replicas,
    int MaxReplicas,
    double Forecast15mRatio,
    double Forecast1hRatio,
    double AnomalyScore,
    double HourOfDay);
