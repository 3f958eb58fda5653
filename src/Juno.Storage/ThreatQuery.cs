using Juno.Contracts.Threats;

namespace Juno.Storage;

/// <summary>Which threat alerts to list: newest first, at most <paramref name="Max"/>. Null filters match everything.</summary>
public sealed record ThreatQuery(
    string? Cluster,
    int Max,
    IReadOnlyCollection<ThreatStatus>? Statuses = null,
    string? Entity = null,
    DateTimeOffset? Since = null);
