namespace Juno.Intelligence;

/// <summary>
/// The agent's reward: minus a weighted sum of SLO violation, saturation risk, cost and churn. Always &lt;= 0; 0 would
/// mean "within SLO, comfortably utilised, free, nothing changed".
/// </summary>
/// <remarks>
/// <para>State penalty (of the observed outcome):</para>
/// <list type="table">
/// <item><term>latency SLO</term><description>2.0 × clip(p95/SLO − 1, 0, 2)</description></item>
/// <item><term>error SLO</term><description>2.0 × clip(errorRate / 1% − 1, 0, 2)</description></item>
/// <item><term>CPU saturation</term><description>1.5 × clip((cpu − 0.75) / 0.25, 0, 1): headroom runs out before latency breaks</description></item>
/// <item><term>memory pressure</term><description>1.5 × clip((memory − 0.85) / 0.15, 0, 1): OOM-kill risk</description></item>
/// <item><term>idle capacity</term><description>3.0 × clip((0.5 − cpu) / 0.5, 0, 1): paying for replicas doing nothing</description></item>
/// <item><term>replica cost</term><description>0.02 per replica (counted up to 100)</description></item>
/// </list>
/// <para>
/// Churn penalty (of the action): 0.08 per replica added or removed, 0.3 for a restart.
/// </para>
/// <para>
/// Between 50% and 75% CPU no utilisation term applies, and churn (0.08) outweighs a replica's cost (0.02), so holding
/// beats nudging replicas either way: that band is the hysteresis that keeps the agent from flapping. Below it the idle
/// term pulls replicas in, above it saturation and then latency push them out. Costs are absolute per replica rather
/// than relative to the replica ceiling because the value of removing one replica doesn't depend on how many could exist.
/// </para>
/// </remarks>
public static class RewardFunction
{
    /// <summary>Error-rate objective used by the error penalty and the state vector.</summary>
    public const double ErrorRateSlo = 0.01;

    public const double LatencyWeight = 2.0;
    public const double ErrorWeight = 2.0;
    public const double SaturationWeight = 1.5;
    public const double MemoryWeight = 1.5;
    public const double IdleWeight = 3.0;
    public const double ReplicaCost = 0.02;
    public const int ReplicaCostCap = 100;
    public const double ChurnPerReplica = 0.08;
    public const double RestartChurn = 0.3;

    /// <summary>Credited late to an action governance found had not landed or not helped when it verified it: as bad
    /// as a latency half again over its objective.</summary>
    public const double FailedVerificationPenalty = 1.0;

    private const double SaturationStart = 0.75;
    private const double MemoryPressureStart = 0.85;
    private const double IdleBelow = 0.5;

    /// <summary>Reward for having taken <paramref name="action"/> and then observed <paramref name="observed"/>.</summary>
    public static double Compute(in StateInputs observed, AgentAction action) =>
        -(StatePenalty(observed) + ChurnPenalty(action));

    public static double StatePenalty(in StateInputs state) =>
        (LatencyWeight * Hinge(state.LatencyRatio - 1, 2))
        + (ErrorWeight * Hinge((state.ErrorRate / ErrorRateSlo) - 1, 2))
        + (SaturationWeight * Hinge((state.CpuUtilisation - SaturationStart) / (1 - SaturationStart), 1))
        + (MemoryWeight * Hinge((state.MemoryUtilisation - MemoryPressureStart) / (1 - MemoryPressureStart), 1))
        + (IdleWeight * Hinge((IdleBelow - state.CpuUtilisation) / IdleBelow, 1))
        + (ReplicaCost * Math.Clamp(state.Replicas, 0, ReplicaCostCap));

    public static double ChurnPenalty(AgentAction action) =>
        action == AgentAction.Restart ? RestartChurn : ChurnPerReplica * Math.Abs(AgentActions.ReplicaDelta(action));

    // Non-finite observations count as no violation: a missing metric must not look like an outage to the agent.
    private static double Hinge(double excess, double cap) => double.IsFinite(excess) ? Math.Clamp(excess, 0, cap) : 0;
}
