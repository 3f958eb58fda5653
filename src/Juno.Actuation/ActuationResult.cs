namespace Juno.Actuation;

/// <summary>What an accepted command did. <paramref name="AlreadyApplied"/> means the target already
/// carried this action id and nothing was changed. <paramref name="ObservedReplicas"/> is the
/// workload's desired replica count afterwards (null for nodes).</summary>
public sealed record ActuationResult(bool Succeeded, bool AlreadyApplied, string Detail, int? ObservedReplicas);
