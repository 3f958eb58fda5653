namespace Juno.Contracts.Actions;

/// <summary>What Juno may do to a cluster. Ordered by nothing; risk comes from governance policy.</summary>
[GenerateSerializer]
[Alias("juno.ActionKind")]
public enum ActionKind : byte
{
    Hold = 0,
    ScaleOut = 1,
    ScaleIn = 2,
    Restart = 3,
    Cordon = 4,
}

/// <summary>Which kind of entity an action targets.</summary>
[GenerateSerializer]
[Alias("juno.EntityKind")]
public enum EntityKind : byte
{
    Workload = 0,
    Node = 1,
    Tenant = 2,
}
