namespace Juno.Storage;

/// <summary>The result of recomputing a cluster's audit chain.</summary>
/// <param name="Valid">True when every row links to its predecessor, hashes to its stored hash, and the chain
/// ends where the recorded head says it does.</param>
/// <param name="RowsChecked">Rows examined, up to and including the first broken one.</param>
/// <param name="FirstBrokenSequence">The first sequence number that is missing, altered or mislinked;
/// null when valid, or when the break is not tied to a sequence (a missing chain head).</param>
/// <param name="Problem">What was wrong, for an operator; null when valid.</param>
public sealed record AuditVerification(bool Valid, long RowsChecked, long? FirstBrokenSequence, string? Problem);
