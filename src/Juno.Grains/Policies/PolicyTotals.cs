using Juno.Contracts.Policies;

namespace Juno.Grains.Policies;

/// <summary>One version's live counts summed over every workload's reports: as the acting policy and as a shadow.</summary>
[GenerateSerializer]
[Alias("juno.PolicyTotals")]
internal sealed class PolicyTotals
{
    /// <summary>Distinct workloads are counted up to this many per role; beyond it the count is a floor.</summary>
    public const int MaxTrackedWorkloads = 100_000;

    [Id(0)] public HashSet<string> ActingWorkloads { get; set; } = new(StringComparer.Ordinal);
    [Id(1)] public long Decisions { get; set; }
    [Id(2)] public long ViolationDecisions { get; set; }
    [Id(3)] public long ReplicaSum { get; set; }
    [Id(4)] public long ScaleOuts { get; set; }
    [Id(5)] public long ScaleIns { get; set; }
    [Id(6)] public long Restarts { get; set; }
    [Id(7)] public long Executed { get; set; }
    [Id(8)] public double DecisionMinutes { get; set; }
    [Id(9)] public double ViolationMinutes { get; set; }
    [Id(10)] public HashSet<string> ShadowWorkloads { get; set; } = new(StringComparer.Ordinal);
    [Id(11)] public long ShadowDecisions { get; set; }
    [Id(12)] public long Agreements { get; set; }
    [Id(13)] public long ShadowScaleOuts { get; set; }
    [Id(14)] public long ShadowScaleIns { get; set; }
    [Id(15)] public long ShadowRestarts { get; set; }
    [Id(16)] public long MoreCapacityWhileViolating { get; set; }
    [Id(17)] public long LessCapacityWhileHealthy { get; set; }
    [Id(18)] public long ReplicaDeltaSum { get; set; }
    [Id(19)] public long Verified { get; set; }
    [Id(20)] public long VerificationFailures { get; set; }

    public void Add(PolicyTally tally)
    {
        if (tally.Acting)
        {
            Track(ActingWorkloads, tally.Workload);
            Decisions += tally.Decisions;
            ViolationDecisions += tally.ViolationDecisions;
            ReplicaSum += tally.ReplicaSum;
            ScaleOuts += tally.ScaleOuts;
            ScaleIns += tally.ScaleIns;
            Restarts += tally.Restarts;
            Executed += tally.Executed;
            DecisionMinutes += tally.DecisionMinutes;
            ViolationMinutes += tally.Decisions == 0 ? 0 : tally.DecisionMinutes * tally.ViolationDecisions / tally.Decisions;
            Verified += tally.Verified;
            VerificationFailures += tally.VerificationFailures;
        }
        else
        {
            Track(ShadowWorkloads, tally.Workload);
            ShadowDecisions += tally.Decisions;
            Agreements += tally.Agreements;
            ShadowScaleOuts += tally.ScaleOuts;
            ShadowScaleIns += tally.ScaleIns;
            ShadowRestarts += tally.Restarts;
            MoreCapacityWhileViolating += tally.MoreCapacityWhileViolating;
            LessCapacityWhileHealthy += tally.LessCapacityWhileHealthy;
            ReplicaDeltaSum += tally.ReplicaDeltaSum;
        }
    }

    public PolicyPerformance ToPerformance(PolicyVersion version)
    {
        var hours = DecisionMinutes / 60;
        var acting = new PolicyArmScore(
            ActingWorkloads.Count, Decisions, hours, ViolationMinutes,
            Share(ViolationDecisions, Decisions), Share(ReplicaSum, Decisions),
            ScaleOuts, ScaleIns, Restarts, Executed, hours > 0 ? Executed / hours : 0)
        {
            Verified = Verified,
            VerificationFailures = VerificationFailures,
        };
        var shadow = new PolicyShadowScore(
            ShadowWorkloads.Count, ShadowDecisions, Share(Agreements, ShadowDecisions),
            ShadowScaleOuts, ShadowScaleIns, ShadowRestarts, MoreCapacityWhileViolating, LessCapacityWhileHealthy,
            Share(ReplicaDeltaSum, ShadowDecisions));
        return new PolicyPerformance(version.Version, version.Role, version.TrafficShare, acting, shadow);
    }

    private static double Share(long part, long whole) => whole > 0 ? (double)part / whole : 0;

    private static void Track(HashSet<string> workloads, string workload)
    {
        if (workloads.Count < MaxTrackedWorkloads)
        {
            workloads.Add(workload);
        }
    }
}
