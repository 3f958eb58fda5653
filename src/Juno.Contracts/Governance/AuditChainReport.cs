namespace Juno.Contracts.Governance;

/// <summary>The result of recomputing a cluster's audit chain: every row's SHA-256 over the previous row's hash and
/// its own fields, and the chain head against the last row (so a deleted tail shows too).</summary>
/// <param name="FirstBrokenSequence">The first row that does not verify (edited, missing, or out of order).</param>
[GenerateSerializer, Immutable]
[Alias("juno.AuditChainReport")]
public sealed record AuditChainReport(
    [property: Id(0)] string Cluster,
    [property: Id(1)] bool Valid,
    [property: Id(2)] long RowsChecked,
    [property: Id(3)] long? FirstBrokenSequence,
    [property: Id(4)] string? Problem,
    [property: Id(5)] DateTimeOffset CheckedAt);

/// <summary>What reconciliation found among actions whose execution began and recorded no outcome (the silo died
/// between "executing" and "executed", or the store failed after the call).</summary>
/// <param name="Unreadable">Left as executing: the cluster could not be read; tried again on the next sweep.</param>
[GenerateSerializer, Immutable]
[Alias("juno.ReconciliationReport")]
public sealed record ReconciliationReport(
    [property: Id(0)] int Interrupted,
    [property: Id(1)] int FoundApplied,
    [property: Id(2)] int FoundNotApplied,
    [property: Id(3)] int TargetsGone,
    [property: Id(4)] int Unreadable);
