namespace Juno.Intelligence;

/// <summary>
/// Not a policy anyone can run: it reads the trace's future and keeps exactly the pods the next minutes need at the
/// highest utilisation the latency objective allows. Its cost is the floor every real policy is measured against, so a
/// target like "25% cheaper than the HPA" can be checked for headroom before anyone tries to reach it.
/// </summary>
public sealed class OraclePolicy : IScalingPolicy
{
    private readonly DemandTrace _trace;
    private readonly ScalingSimulationOptions _workload;
    private readonly int _leadMinutes;

    public OraclePolicy(DemandTrace trace, ScalingSimulationOptions workload)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(workload);
        _trace = trace;
        _workload = workload;
        _leadMinutes = (int)Math.Ceiling(workload.StartupDelay.TotalMinutes);

        // p95 = idle / (1 - rho) stays within the objective up to rho = 1 - idle / objective.
        MaxUtilisation = 1 - (workload.BaseLatencyMs / workload.LatencySloMs);
    }

    public string Name => "oracle (knows the future: the floor)";

    public double MaxUtilisation { get; }

    public int Decide(in ScalingObservation observation)
    {
        // A decision after minute m serves minute m + 1 with the pods already ready and takes traffic from m + lead on.
        int minute = (int)((observation.TimestampMs - _trace.StartMs) / DemandTrace.MinuteMs);
        int needed = 1;
        for (int ahead = 1; ahead <= Math.Max(1, _leadMinutes); ahead++)
        {
            int target = Math.Min(minute + ahead, _trace.Minutes - 1);
            needed = Math.Max(needed, (int)Math.Ceiling(_trace.RequestRates[target] / (_workload.PodCapacity * MaxUtilisation)));
        }

        return needed;
    }
}
