using Juno.Contracts.Status;

namespace Juno.Storage;

/// <summary>Newest first; ties broken by id the way PostgreSQL orders uuids (byte-wise, big-endian), so both stores
/// list incidents in the same order.</summary>
internal sealed class IncidentOrder : IComparer<HealingIncident>
{
    public static readonly IncidentOrder NewestFirst = new();

    public int Compare(HealingIncident? x, HealingIncident? y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var byTime = y.DetectedAt.CompareTo(x.DetectedAt);
        return byTime != 0
            ? byTime
            : y.IncidentId.ToByteArray(bigEndian: true).AsSpan().SequenceCompareTo(x.IncidentId.ToByteArray(bigEndian: true));
    }
}
