namespace Juno.Actuation;

/// <summary>Whether the cluster shows an action applied: what reconciliation reads after an execution was
/// interrupted before its outcome was recorded.</summary>
public enum AppliedState
{
    /// <summary>The target carries the action (its id stamp, or for a scale the target replica count).</summary>
    Applied,

    /// <summary>The target exists and does not show the action.</summary>
    NotApplied,

    /// <summary>The target no longer exists.</summary>
    TargetGone,
}
