using Juno.Contracts.Governance;

namespace Juno.Grains.Governance;

/// <summary>What governance must not forget across restarts: held actions (their expiry survives the
/// silo), the rate-limit window, the breaker's evidence, and recent decisions for duplicate detection.</summary>
[GenerateSerializer]
[Alias("juno.GovernanceState")]
public sealed class GovernanceState
{
    [Id(0)] public List<PendingApproval> Pending { get; set; } = [];
    [Id(1)] public List<GovernanceDecision> Recent { get; set; } = [];
    [Id(2)] public List<DateTimeOffset> ExecutionTimes { get; set; } = [];
    [Id(3)] public List<bool> Outcomes { get; set; } = [];
    [Id(4)] public DateTimeOffset? BreakerOpenedAt { get; set; }
    [Id(5)] public long Decisions { get; set; }
    [Id(6)] public long Executed { get; set; }
}
