using System.Globalization;
using System.Text.Json.Nodes;

namespace Juno.Testing.Emulator;

/// <summary>The emulator's etcd: objects by (resource, namespace, name) and one revision counter that
/// every write advances, so resourceVersions are unique and increasing across all objects. Every write is also
/// an event (ADDED, MODIFIED, DELETED) that watches replay from a revision.</summary>
internal sealed class ObjectStore
{
    private readonly Dictionary<(string Resource, string Namespace, string Name), JsonObject> _objects = [];
    private readonly List<WatchEvent> _events = [];
    private long _revision;
    private long _compactedThrough;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Held across a read-check-write so concurrent requests see each other's writes.</summary>
    public Lock Gate { get; } = new();

    /// <summary>The stored object, or null. The caller holds <see cref="Gate"/> and must not mutate it.</summary>
    public JsonObject? Find(string resource, string @namespace, string name) =>
        _objects.GetValueOrDefault((resource, @namespace, name));

    /// <summary>Every stored object of <paramref name="resource"/> (in <paramref name="namespace"/> when given). The caller holds <see cref="Gate"/>.</summary>
    public IEnumerable<JsonObject> All(string resource, string? @namespace = null) =>
        _objects.Where(o => o.Key.Resource == resource && (@namespace is null || o.Key.Namespace == @namespace)).Select(o => o.Value);

    /// <summary>Deletes the object (a write: the revision advances). The caller holds <see cref="Gate"/>.</summary>
    public bool Remove(string resource, string @namespace, string name)
    {
        if (!_objects.Remove((resource, @namespace, name), out var removed))
        {
            return false;
        }

        var deleted = (JsonObject)removed.DeepClone();
        deleted["metadata"]!["resourceVersion"] = (++_revision).ToString(CultureInfo.InvariantCulture);
        Publish(new WatchEvent(_revision, resource, "DELETED", deleted));
        return true;
    }

    /// <summary>Events of <paramref name="resource"/> after <paramref name="revision"/>, or null when that revision is
    /// older than the history kept (the API server's 410 Gone). The caller holds <see cref="Gate"/>.</summary>
    public List<WatchEvent>? EventsAfter(string resource, long revision) =>
        revision < _compactedThrough ? null : [.. _events.Where(e => e.Revision > revision && e.Resource == resource)];

    /// <summary>Completes at the next write. The caller holds <see cref="Gate"/> while taking it.</summary>
    public Task NextChange => _changed.Task;

    /// <summary>Forgets the history so far, as etcd compaction does: a watch from an older revision gets 410.</summary>
    public void Compact()
    {
        _compactedThrough = _revision;
        _events.Clear();
    }

    public string Revision => _revision.ToString(CultureInfo.InvariantCulture);

    /// <summary>Stores <paramref name="value"/> under a new resourceVersion. The caller holds <see cref="Gate"/>.</summary>
    public JsonObject Save(string resource, string @namespace, string name, JsonObject value)
    {
        var stored = (JsonObject)value.DeepClone();
        stored["metadata"]!["resourceVersion"] = (++_revision).ToString(CultureInfo.InvariantCulture);
        var added = !_objects.ContainsKey((resource, @namespace, name));
        _objects[(resource, @namespace, name)] = stored;
        Publish(new WatchEvent(_revision, resource, added ? "ADDED" : "MODIFIED", (JsonObject)stored.DeepClone()));
        return stored;
    }

    private void Publish(WatchEvent change)
    {
        _events.Add(change);
        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
    }
}

/// <summary>One write as a watch sees it.</summary>
internal sealed record WatchEvent(long Revision, string Resource, string Type, JsonObject Object);
