namespace Juno.Intelligence;

/// <summary>
/// Forecast-driven provisioning, the capacity plan applied minute by minute: it learns demand with the grains'
/// <see cref="SeasonalForecaster"/> and keeps enough pods for the upper 80% bound of demand over the next startup delay
/// plus a margin, and never fewer than today's demand needs. It scales up before a ramp arrives instead of after the
/// pods are already saturated, and scales down only when a lower plan has held for the stabilisation window.
/// </summary>
public sealed class ForecastPolicy : IScalingPolicy
{
    private readonly ForecastPolicyOptions _options;
    private readonly double _podCapacity;
    private readonly TimeSpan _lookAhead;
    private readonly SeasonalForecaster _forecaster;
    private readonly ScaleDownStabilisation _stabilisation;

    public ForecastPolicy(ScalingSimulationOptions workload, ForecastPolicyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(workload);
        _options = options ?? ForecastPolicyOptions.Default;
        _podCapacity = workload.PodCapacity;
        _lookAhead = workload.StartupDelay + _options.Margin;
        _forecaster = new SeasonalForecaster(_options.Forecaster);
        _stabilisation = new ScaleDownStabilisation(_options.ScaleDownStabilisation);
    }

    public string Name => "forecast-driven (capacity plan)";

    public int Decide(in ScalingObservation observation)
    {
        _forecaster.Observe(observation.TimestampMs, observation.RequestRate);
        double needed = observation.RequestRate;
        TimeSpan step = _options.Forecaster.Step;
        for (TimeSpan ahead = TimeSpan.Zero; ahead <= _lookAhead + step; ahead += step)
        {
            needed = Math.Max(needed, _forecaster.Forecast(ahead).Upper80);
        }

        int plan = CapacityPlanner.ReplicasFor(needed, _podCapacity, _options.TargetUtilisation);
        return _stabilisation.Apply(observation.TimestampMs, plan, observation.DesiredReplicas);
    }
}
