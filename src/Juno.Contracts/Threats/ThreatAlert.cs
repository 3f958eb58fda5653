using Juno.Contracts.Actions;

namespace Juno.Contracts.Threats;

/// <summary>
/// A threat an entity grain raised: the class, how sure, the indicators that drove it, the behaviour that triggered
/// it (kept so a false-positive mark can teach the entity's model) and what the playbook did.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("juno.ThreatAlert")]
public sealed record ThreatAlert(
    [property: Id(0)] Guid AlertId,
    [property: Id(1)] string Cluster,
    [property: Id(2)] string Entity,
    [property: Id(3)] EntityKind EntityKind,
    [property: Id(4)] ThreatCategory Category,
    [property: Id(5)] ThreatLevel Level,
    [property: Id(6)] double Score,
    [property: Id(7)] double Confidence,
    [property: Id(8)] ThreatIndicatorView[] Indicators,
    [property: Id(9)] BehaviourSample Trigger,
    [property: Id(10)] DateTimeOffset DetectedAt,
    [property: Id(11)] ThreatStatus Status,
    [property: Id(12)] string[] Playbook,
    [property: Id(13)] Guid? ActionId,
    [property: Id(14)] Guid? IncidentId)
{
    /// <summary>Recent behaviour of the entity when a high-severity alert was raised (oldest first), for forensics.</summary>
    [Id(15)]
    public BehaviourSample[] Forensics { get; init; } = [];

    /// <summary>Who last changed the status and why (a person's name, or "juno-threats").</summary>
    [Id(16)]
    public string StatusReason { get; init; } = "";
}

/// <summary>One signal that made the behaviour look like a threat: its value, the entity's normal, and how far off.</summary>
[GenerateSerializer, Immutable]
[Alias("juno.ThreatIndicatorView")]
public sealed record ThreatIndicatorView(
    [property: Id(0)] string Signal,
    [property: Id(1)] double Value,
    [property: Id(2)] double Baseline,
    [property: Id(3)] double Deviation);
