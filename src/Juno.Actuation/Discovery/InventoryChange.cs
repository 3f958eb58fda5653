using Juno.Contracts.Actions;

namespace Juno.Actuation;

public enum InventoryEvent
{
    /// <summary>The object exists (seen for the first time, or again after a relist).</summary>
    Present,

    /// <summary>The object was deleted (or is missing from a relist).</summary>
    Gone,
}

/// <summary>A Deployment or Node appearing in or leaving the cluster.</summary>
/// <param name="Namespace">Empty for nodes.</param>
public sealed record InventoryChange(InventoryEvent Event, EntityKind Kind, string Namespace, string Name, IReadOnlyDictionary<string, string> Labels);

/// <summary>What is in the cluster, as a stream of changes: everything present first, then each change as it happens.</summary>
public interface IClusterInventory
{
    IAsyncEnumerable<InventoryChange> WatchAsync(CancellationToken ct);
}
