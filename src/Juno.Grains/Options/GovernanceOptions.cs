namespace Juno.Grains.Options;

/// <summary>Cluster-wide governance limits. Bound from <c>Juno:Governance</c>.</summary>
public sealed class GovernanceOptions
{
    public const string Section = "Juno:Governance";

    /// <summary>Executed actions per cluster per sliding minute; more are refused.</summary>
    public int RateLimitPerMinute { get; set; } = 10;

    /// <summary>How many recent outcomes the circuit breaker looks at.</summary>
    public int BreakerWindow { get; set; } = 20;

    /// <summary>The breaker judges only once it has this many outcomes, so one early failure can't open it.</summary>
    public int BreakerMinimumOutcomes { get; set; } = 5;

    /// <summary>The breaker opens when the recent success rate falls below this.</summary>
    public double BreakerSuccessThreshold { get; set; } = 0.8;

    /// <summary>How long an open breaker refuses everything before letting one probe through.</summary>
    public TimeSpan BreakerOpenDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a held action waits for a person before it expires.</summary>
    public TimeSpan ApprovalTimeToLive { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often held actions are checked for expiry.</summary>
    public TimeSpan ExpirySweepInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Risk at or above which an action is refused outright, whatever the tenant tolerates.</summary>
    public double RefuseAtRisk { get; set; } = 0.95;

    /// <summary>How long after a scale or restart governance checks that it landed and the workload recovered
    /// (zero: no verification). A scale that fails the check is rolled back through governance.</summary>
    public TimeSpan VerificationDelay { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>An anomaly score the workload must be under at verification for its metrics to count as recovered.</summary>
    public double RecoveredBelow { get; set; } = 0.9;

    /// <summary>The policy the cluster starts from, and tenant overrides (see <see cref="GovernancePolicyOptions"/>).</summary>
    public GovernancePolicyOptions Policy { get; set; } = new();

    /// <summary>Decisions kept in grain state for duplicate detection and the status view.</summary>
    public int RecentDecisionsKept { get; set; } = 500;

    public string? Validate() =>
        RateLimitPerMinute <= 0 ? "Juno:Governance:RateLimitPerMinute must be positive."
        : BreakerWindow < BreakerMinimumOutcomes || BreakerMinimumOutcomes <= 0 ? "Juno:Governance:BreakerWindow must be >= BreakerMinimumOutcomes > 0."
        : BreakerSuccessThreshold is <= 0 or > 1 ? "Juno:Governance:BreakerSuccessThreshold must be in (0, 1]."
        : ApprovalTimeToLive <= TimeSpan.Zero ? "Juno:Governance:ApprovalTimeToLive must be positive."
        : RefuseAtRisk is <= 0 or > 1 ? "Juno:Governance:RefuseAtRisk must be in (0, 1]."
        : VerificationDelay < TimeSpan.Zero ? "Juno:Governance:VerificationDelay must not be negative."
        : RecoveredBelow is <= 0 or > 1 ? "Juno:Governance:RecoveredBelow must be in (0, 1]."
        : Policy.Problem(RateLimitPerMinute) is { } policy ? policy
        : null;
}
