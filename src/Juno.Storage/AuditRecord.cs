namespace Juno.Storage;

/// <summary>
/// An appended audit entry with its place in the cluster's chain: <see cref="Sequence"/> counts from 1 per cluster,
/// and <see cref="Hash"/> covers <see cref="PreviousHash"/> and this row's content (see <c>AuditChain</c>).
/// <see cref="At"/> is the stored instant (UTC, microsecond precision).
/// </summary>
public sealed record AuditRecord(
    long Sequence,
    string Cluster,
    Guid ActionId,
    string Event,
    string Actor,
    string PayloadJson,
    DateTimeOffset At,
    string PreviousHash,
    string Hash);
