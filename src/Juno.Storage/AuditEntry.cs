namespace Juno.Storage;

/// <summary>An event to append to a cluster's audit chain. <paramref name="PayloadJson"/> must be a JSON document.</summary>
public sealed record AuditEntry(string Cluster, Guid ActionId, string Event, string Actor, string PayloadJson, DateTimeOffset At);
