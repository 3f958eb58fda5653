namespace Juno.Intelligence;

/// <summary>
/// What the DQN scaler sees each simulated minute (<see cref="ScalingFeatures"/>), with the forecaster and the
/// five-minute demand memory a live workload grain keeps for itself.
/// </summary>
internal sealed class ScalingState
{
    public const int Length = ScalingFeatures.Length;

    private readonly ScalingSimulationOptions _workload;
    private readonly SeasonalForecaster _forecaster;
    private readonly Queue<double> _recentDemand = new();

    public ScalingState(ScalingSimulationOptions workload)
    {
        _workload = workload;
        _forecaster = new SeasonalForecaster();
    }

    public void Encode(in ScalingObservation observation, Span<float> state)
    {
        _forecaster.Observe(observation.TimestampMs, observation.RequestRate);
        _recentDemand.Enqueue(observation.RequestRate);
        if (_recentDemand.Count > 6)
        {
            _recentDemand.Dequeue();
        }

        double asked = Math.Max(1, observation.DesiredReplicas) * _workload.PodCapacity;
        double ready = observation.ReadyReplicas * _workload.PodCapacity;
        var inputs = new ScalingFeatureInputs(
            ReadyUtilisation: ready > 0 ? observation.RequestRate / ready : double.PositiveInfinity,
            LatencyRatio: observation.LatencyP95Ms / _workload.LatencySloMs,
            ErrorRatio: observation.ErrorRate / _workload.ErrorRateSlo,
            StartingShare: (observation.DesiredReplicas - observation.ReadyReplicas) / (double)Math.Max(1, observation.DesiredReplicas),
            AskedUtilisation: observation.RequestRate / asked,
            Forecast15mUtilisation: _forecaster.Forecast(TimeSpan.FromMinutes(15)).Upper80 / asked,
            Forecast1hUtilisation: _forecaster.Forecast(TimeSpan.FromHours(1)).Upper80 / asked,
            RecentChange: (observation.RequestRate - _recentDemand.Peek()) / asked,
            DayFraction: (double)(observation.TimestampMs % 86_400_000L) / 86_400_000L);
        ScalingFeatures.Write(inputs, state);
    }
}
