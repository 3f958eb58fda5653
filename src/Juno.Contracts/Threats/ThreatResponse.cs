using Juno.Contracts.Governance;

namespace Juno.Contracts.Threats;

/// <summary>What a person (or tool) asks Juno to do about an alert.</summary>
[GenerateSerializer]
[Alias("juno.ThreatResponseKind")]
public enum ThreatResponseKind : byte
{
    /// <summary>Deny all traffic to and from the workload's pods (cordon, for a node): proposed to governance.</summary>
    Isolate = 0,

    /// <summary>Watch the entity more closely for a while: proposed to governance.</summary>
    RaiseMonitoring = 1,

    /// <summary>The behaviour is normal for this entity: the model learns it and the alert closes.</summary>
    FalsePositive = 2,

    /// <summary>Close the alert without teaching the model.</summary>
    Dismiss = 3,
}

[GenerateSerializer, Immutable]
[Alias("juno.ThreatResponseRequest")]
public sealed record ThreatResponseRequest(
    [property: Id(0)] Guid AlertId,
    [property: Id(1)] ThreatResponseKind Response,
    [property: Id(2)] string Actor,
    [property: Id(3)] string? Comment);

/// <summary>The alert after the response, and the governance decision when the response was an action.</summary>
[GenerateSerializer, Immutable]
[Alias("juno.ThreatResponseResult")]
public sealed record ThreatResponseResult(
    [property: Id(0)] ThreatAlert Alert,
    [property: Id(1)] GovernanceDecision? Decision);
