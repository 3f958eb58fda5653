namespace Juno.Intelligence;

/// <summary>
/// What the DQN scaler sees each minute, scale-free so one network serves workloads of any size: utilisations against
/// the pods there are and the pods asked for, the latency and error objectives, the demand forecast 15 min and 1 h ahead
/// against the capacity asked for, the last five minutes' change in demand, and the time of day.
/// </summary>
internal sealed class ScalingState
{
    public const int Length = 10;

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
        double day = (double)(observation.TimestampMs % 86_400_000L) / 86_400_000L;
        state[0] = (float)(ready > 0 ? Math.Min(2, observation.RequestRate / ready) : 2);
        state[1] = (float)Math.Min(4, observation.LatencyP95Ms / _workload.LatencySloMs);
        state[2] = (float)Math.Min(1, observation.ErrorRate / _workload.ErrorRateSlo / 10);
        state[3] = (float)((observation.DesiredReplicas - observation.ReadyReplicas) / (double)Math.Max(1, observation.DesiredReplicas));
        state[4] = (float)Math.Min(3, observation.RequestRate / asked);
        state[5] = (float)Math.Min(3, _forecaster.Forecast(TimeSpan.FromMinutes(15)).Upper80 / asked);
        state[6] = (float)Math.Min(3, _forecaster.Forecast(TimeSpan.FromHours(1)).Upper80 / asked);
        state[7] = (float)Math.Clamp((observation.RequestRate - _recentDemand.Peek()) / asked, -1, 1);
        state[8] = (float)Math.Sin(2 * Math.PI * day);
        state[9] = (float)Math.Cos(2 * Math.PI * day);
    }
}
