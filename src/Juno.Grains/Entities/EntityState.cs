using Juno.Contracts.Actions;
using Juno.Contracts.Governance;

namespace Juno.Grains.Entities;

/// <summary>What an entity grain checkpoints. Models and agent are compact binary snapshots written by
/// the algorithms themselves, so their layout can evolve without touching Orleans serialization.</summary>
[GenerateSerializer]
[Alias("juno.EntityState")]
public sealed class EntityState
{
    [Id(0)] public byte[]? Models { get; set; }
    [Id(1)] public byte[]? Agent { get; set; }
    [Id(2)] public ProposedAction? LastProposal { get; set; }
    [Id(3)] public GovernanceDecision? LastDecision { get; set; }
    [Id(4)] public DateTimeOffset? LastActionAt { get; set; }
    [Id(5)] public DateTimeOffset? LastRestartAt { get; set; }
    [Id(6)] public DateTimeOffset? LastIncidentAt { get; set; }
    [Id(7)] public bool Registered { get; set; }

    /// <summary>A proposal governance is holding for a person; no new proposal until it is decided.</summary>
    [Id(8)] public Guid? AwaitingDecisionOn { get; set; }

    /// <summary>Snapshot of the entity's threat detection (detector, recent behaviour, episodes).</summary>
    [Id(9)] public byte[]? Threats { get; set; }

    /// <summary>Playbook actions with governance, by action id, to the alert each answers.</summary>
    [Id(10)] public Dictionary<Guid, Guid> ThreatActions { get; set; } = [];

    /// <summary>While set and in the future, new threat alerts on this entity escalate one level.</summary>
    [Id(11)] public DateTimeOffset? MonitoringRaisedUntil { get; set; }

    /// <summary>Discovery saw its Deployment or Node deleted: no decisions, not listed, until it is seen again.</summary>
    [Id(12)] public bool Retired { get; set; }
}
