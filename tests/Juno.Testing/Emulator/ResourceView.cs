using System.Text.Json.Nodes;

namespace Juno.Testing.Emulator;

/// <summary>How one API resource is served from the stored objects: a Deployment and its Scale
/// subresource are two views of the same stored object, sharing its resourceVersion.</summary>
internal abstract class ResourceView
{
    /// <summary>The stored resource (plural), as in URLs and in NotFound/Conflict details.</summary>
    public abstract string Resource { get; }

    public abstract string Group { get; }

    /// <summary>The kind this view serves, as in Invalid details.</summary>
    public abstract string Kind { get; }

    public abstract string KindGroup { get; }

    public string QualifiedResource => Group.Length > 0 ? $"{Resource}.{Group}" : Resource;

    public string QualifiedKind => KindGroup.Length > 0 ? $"{Kind}.{KindGroup}" : Kind;

    /// <summary>What a GET returns for the stored object.</summary>
    public virtual JsonObject Project(JsonObject stored) => (JsonObject)stored.DeepClone();

    public abstract FieldError? Validate(JsonObject desired);

    /// <summary>The object to store when <paramref name="desired"/> replaces the view of <paramref name="stored"/>.</summary>
    public abstract JsonObject Merge(JsonObject stored, JsonObject desired);

    /// <summary>Clients may not set identity, resourceVersion or (through the main resource) status;
    /// the server keeps its own.</summary>
    protected static JsonObject KeepServerFields(JsonObject stored, JsonObject desired)
    {
        var merged = (JsonObject)desired.DeepClone();
        var metadata = merged["metadata"] as JsonObject ?? [];
        merged["metadata"] = metadata;
        foreach (var field in new[] { "name", "namespace", "uid", "creationTimestamp", "resourceVersion" })
        {
            metadata[field] = stored["metadata"]?[field]?.DeepClone();
        }

        merged["status"] = stored["status"]?.DeepClone();
        return merged;
    }

    protected static FieldError? ValidateReplicas(JsonNode? replicas)
    {
        if (replicas is null)
        {
            return null;
        }

        if (replicas is not JsonValue value || !value.TryGetValue<int>(out var count))
        {
            return new FieldError("spec.replicas", replicas.ToJsonString(), "must be an integer");
        }

        return count < 0 ? new FieldError("spec.replicas", count.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be greater than or equal to 0") : null;
    }
}
