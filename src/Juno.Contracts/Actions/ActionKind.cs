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

    /// <summary>Deny all ingress and egress of a workload's pods with a NetworkPolicy (threat containment).</summary>
    Isolate = 5,

    /// <summary>Watch an entity more closely for a while. Changes nothing in the cluster: Juno applies it itself,
    /// but it is decided and audited like every other playbook step.</summary>
    RaiseMonitoring = 6,

    /// <summary>Make a cordoned node schedulable again.</summary>
    Uncordon = 7,

    /// <summary>Cordon a node and evict its pods through the eviction API, so PodDisruptionBudgets are honoured.</summary>
    Drain = 8,

    /// <summary>Delete one pod (its controller replaces it): the name is the pod's.</summary>
    DeletePod = 9,

    /// <summary>Put a Deployment's pod template back to its previous ReplicaSet's (kubectl rollout undo).</summary>
    Rollback = 10,
}

public static class ActionKinds
{
    /// <summary>False for actions Juno carries out on itself; governance decides and audits them all the same,
    /// but only the others reach the cluster's actuator.</summary>
    public static bool TouchesCluster(this ActionKind kind) => kind is not (ActionKind.Hold or ActionKind.RaiseMonitoring);

    /// <summary>Actions whose target is a node rather than something in a namespace.</summary>
    public static bool TargetsNode(this ActionKind kind) => kind is ActionKind.Cordon or ActionKind.Uncordon or ActionKind.Drain;
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
