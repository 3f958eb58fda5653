using Juno.Contracts.Policies;
using Juno.Intelligence;

namespace Juno.Grains.Policies;

/// <summary>One workload's counts per policy version (acting or shadowing) since its last report to the registry.</summary>
internal sealed class PolicyScorecards
{
    private readonly Dictionary<(string Version, bool Acting), Card> _cards = [];
    private int _decisions;

    public int DecisionsSinceReport => _decisions;

    public void Acted(string version, AgentAction action, int replicas, bool violating)
    {
        var card = CardFor(version, acting: true);
        card.Count(action, violating);
        card.ReplicaSum += replicas;
        _decisions++;
    }

    public void Executed(string version) => CardFor(version, acting: true).Executed++;

    public void Verification(string version, bool verified)
    {
        var card = CardFor(version, acting: true);
        card.Verified += verified ? 1 : 0;
        card.VerificationFailures += verified ? 0 : 1;
    }

    public void Shadowed(string version, AgentAction action, int target, AgentAction acting, int actingTarget, bool violating)
    {
        var card = CardFor(version, acting: false);
        card.Count(action, violating);
        card.Agreements += action == acting ? 1 : 0;
        card.MoreCapacityWhileViolating += violating && target > actingTarget ? 1 : 0;
        card.LessCapacityWhileHealthy += !violating && target < actingTarget ? 1 : 0;
        card.ReplicaDeltaSum += target - actingTarget;
    }

    /// <summary>The counts so far as tallies, and a fresh start.</summary>
    public PolicyTally[] Take(string workload, TimeSpan decisionInterval)
    {
        var tallies = _cards.Select(entry => new PolicyTally(
            entry.Key.Version, workload, entry.Key.Acting, entry.Value.Decisions, entry.Value.ViolationDecisions, entry.Value.ReplicaSum,
            entry.Value.ScaleOuts, entry.Value.ScaleIns, entry.Value.Restarts, entry.Value.Executed, entry.Value.Agreements,
            entry.Value.MoreCapacityWhileViolating, entry.Value.LessCapacityWhileHealthy, entry.Value.ReplicaDeltaSum,
            entry.Value.Decisions * decisionInterval.TotalMinutes)
        {
            Verified = entry.Value.Verified,
            VerificationFailures = entry.Value.VerificationFailures,
        }).ToArray();
        _cards.Clear();
        _decisions = 0;
        return tallies;
    }

    private Card CardFor(string version, bool acting)
    {
        if (!_cards.TryGetValue((version, acting), out var card))
        {
            _cards[(version, acting)] = card = new Card();
        }

        return card;
    }

    private sealed class Card
    {
        public long Decisions;
        public long ViolationDecisions;
        public long ReplicaSum;
        public long ScaleOuts;
        public long ScaleIns;
        public long Restarts;
        public long Executed;
        public long Agreements;
        public long MoreCapacityWhileViolating;
        public long LessCapacityWhileHealthy;
        public long ReplicaDeltaSum;
        public long Verified;
        public long VerificationFailures;

        public void Count(AgentAction action, bool violating)
        {
            Decisions++;
            ViolationDecisions += violating ? 1 : 0;
            ScaleOuts += action is AgentAction.ScaleOutOne or AgentAction.ScaleOutTwo ? 1 : 0;
            ScaleIns += action is AgentAction.ScaleInOne or AgentAction.ScaleInTwo ? 1 : 0;
            Restarts += action == AgentAction.Restart ? 1 : 0;
        }
    }
}
