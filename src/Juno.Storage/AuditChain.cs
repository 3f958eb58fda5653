using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Juno.Storage;

/// <summary>
/// The audit hash chain, shared by every store so a chain means the same thing wherever it was written.
/// <c>hash = hex(SHA-256(previousHash ‖ content))</c>, where content is each field of the row as
/// <c>byteLength:value</c>. Length prefixes make the encoding unambiguous without depending on any
/// serializer's escaping rules, which could change between runtime versions and silently break old chains.
/// </summary>
internal static class AuditChain
{
    /// <summary>The previous hash of a cluster's first row.</summary>
    public static readonly string Genesis = new('0', 64);

    private const string FormatVersion = "juno-audit-v1";

    public static string ComputeHash(
        string previousHash, long sequence, string cluster, Guid actionId, string @event, string actor, string payloadJson, DateTimeOffset at)
    {
        var content = new StringBuilder(previousHash, capacity: 256);
        Append(content, FormatVersion);
        Append(content, sequence.ToString(CultureInfo.InvariantCulture));
        Append(content, cluster);
        Append(content, actionId.ToString("D"));
        Append(content, @event);
        Append(content, actor);
        Append(content, payloadJson);
        Append(content, at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content.ToString())));
    }

    public static string ComputeHash(AuditRecord row) =>
        ComputeHash(row.PreviousHash, row.Sequence, row.Cluster, row.ActionId, row.Event, row.Actor, row.PayloadJson, row.At);

    /// <summary>Builds the next link of a chain whose head is (<paramref name="lastSequence"/>, <paramref name="lastHash"/>).</summary>
    public static AuditRecord Link(AuditEntry entry, string payloadJson, DateTimeOffset at, long lastSequence, string lastHash)
    {
        var sequence = lastSequence + 1;
        var hash = ComputeHash(lastHash, sequence, entry.Cluster, entry.ActionId, entry.Event, entry.Actor, payloadJson, at);
        return new AuditRecord(sequence, entry.Cluster, entry.ActionId, entry.Event, entry.Actor, payloadJson, at, lastHash, hash);
    }

    /// <summary>Walks a chain oldest first and stops at the first break.</summary>
    /// <param name="rows">Every row of one cluster, ordered by sequence.</param>
    /// <param name="head">The recorded end of the chain, or null when the store has none.</param>
    public static async Task<AuditVerification> VerifyAsync(IAsyncEnumerable<AuditRecord> rows, (long Sequence, string Hash)? head)
    {
        long checkedRows = 0;
        var expectedSequence = 1L;
        var previousHash = Genesis;
        await foreach (var row in rows)
        {
            checkedRows++;
            if (row.Sequence != expectedSequence)
            {
                return Broken(checkedRows, expectedSequence, $"sequence {expectedSequence} is missing: the next row is {row.Sequence}");
            }

            if (!string.Equals(row.PreviousHash, previousHash, StringComparison.Ordinal))
            {
                return Broken(checkedRows, row.Sequence, $"row {row.Sequence} does not link to the hash of row {row.Sequence - 1}");
            }

            if (!string.Equals(ComputeHash(row), row.Hash, StringComparison.Ordinal))
            {
                return Broken(checkedRows, row.Sequence, $"row {row.Sequence} does not match its hash: its content was altered");
            }

            previousHash = row.Hash;
            expectedSequence++;
        }

        var lastSequence = expectedSequence - 1;
        if (head is null)
        {
            return lastSequence == 0
                ? new AuditVerification(true, 0, null, null)
                : new AuditVerification(false, checkedRows, null, $"the chain has {lastSequence} rows but no recorded head");
        }

        var (headSequence, headHash) = head.Value;
        if (headSequence > lastSequence)
        {
            return Broken(checkedRows, lastSequence + 1,
                $"the chain ends at sequence {lastSequence} but its recorded head is {headSequence}: rows were removed from the end");
        }

        if (headSequence < lastSequence)
        {
            return Broken(checkedRows, headSequence + 1,
                $"rows after the recorded head (sequence {headSequence}) were not appended through the store");
        }

        if (!string.Equals(headHash, previousHash, StringComparison.Ordinal))
        {
            return Broken(checkedRows, lastSequence, $"row {lastSequence} differs from the recorded head: it was rewritten");
        }

        return new AuditVerification(true, checkedRows, null, null);
    }

    private static void Append(StringBuilder content, string field) =>
        content.Append(Encoding.UTF8.GetByteCount(field).ToString(CultureInfo.InvariantCulture)).Append(':').Append(field);

    private static AuditVerification Broken(long checkedRows, long sequence, string problem) =>
        new(false, checkedRows, sequence, problem);
}
