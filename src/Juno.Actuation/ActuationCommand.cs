using Juno.Contracts.Actions;

namespace Juno.Actuation;

/// <summary>One change to make. For node actions (cordon, uncordon, drain), <paramref name="Name"/> is the node
/// name and <paramref name="Namespace"/> is empty; for <see cref="ActionKind.DeletePod"/> it is the pod's. <paramref name="TargetReplicas"/> is absolute, so
/// replaying a scale command converges on the same state instead of compounding.</summary>
public sealed record ActuationCommand(
    Guid ActionId,
    ActionKind Kind,
    string Namespace,
    string Name,
    int TargetReplicas,
    bool DryRun = false)
{
    /// <summary>The target as messages name it: "deployment prod/web" or "node node-1".</summary>
    internal string Target => Kind.TargetsNode() ? $"node {Name}"
        : Kind == ActionKind.DeletePod ? $"pod {Namespace}/{Name}"
        : $"deployment {Namespace}/{Name}";
}
