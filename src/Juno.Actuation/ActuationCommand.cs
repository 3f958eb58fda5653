using Juno.Contracts.Actions;

namespace Juno.Actuation;

/// <summary>One change to make. For <see cref="ActionKind.Cordon"/>, <paramref name="Name"/> is the node
/// name and <paramref name="Namespace"/> is empty. <paramref name="TargetReplicas"/> is absolute, so
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
    internal string Target => Kind == ActionKind.Cordon ? $"node {Name}" : $"deployment {Namespace}/{Name}";
}
