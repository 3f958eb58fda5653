using System.Globalization;
using System.Text.Json.Nodes;

namespace Juno.Actuation.Tests.Emulator;

/// <summary>The emulator's etcd: objects by (resource, namespace, name) and one revision counter that
/// every write advances, so resourceVersions are unique and increasing across all objects.</summary>
internal sealed class ObjectStore
{
    private readonly Dictionary<(string Resource, string Namespace, string Name), JsonObject> _objects = [];
    private long _revision;

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
        _revision++;
        return _objects.Remove((resource, @namespace, name));
    }

    public string Revision => _revision.ToString(CultureInfo.InvariantCulture);

    /// <summary>Stores <paramref name="value"/> under a new resourceVersion. The caller holds <see cref="Gate"/>.</summary>
    public JsonObject Save(string resource, string @namespace, string name, JsonObject value)
    {
        var stored = (JsonObject)value.DeepClone();
        stored["metadata"]!["resourceVersion"] = (++_revision).ToString(CultureInfo.InvariantCulture);
        _objects[(resource, @namespace, name)] = stored;
        return stored;
    }
}
