using System.Text.Json.Nodes;

namespace Juno.Actuation.Tests.Emulator;

/// <summary>GET, PUT and PATCH with the API server's semantics: resourceVersion preconditions,
/// validation, dry run, and no new resourceVersion for a write that changes nothing.</summary>
internal sealed class ApiHandlers(ObjectStore store)
{
    public ApiResponse Get(ResourceView view, string @namespace, string name)
    {
        lock (store.Gate)
        {
            var stored = store.Find(view.Resource, @namespace, name);
            return stored is null ? ApiStatus.NotFound(view, name) : ApiResponse.Ok(view.Project(stored));
        }
    }

    public ApiResponse Put(ResourceView view, string @namespace, string name, JsonObject desired, bool dryRun)
    {
        lock (store.Gate)
        {
            var stored = store.Find(view.Resource, @namespace, name);
            return stored is null ? ApiStatus.NotFound(view, name) : Replace(view, @namespace, name, stored, desired, dryRun);
        }
    }

    /// <summary>A patch is a read, a patch of what was read, and a PUT of the result: a resourceVersion
    /// in the patch therefore acts as a precondition, and its absence as "whatever is current".</summary>
    public ApiResponse Patch(ResourceView view, string @namespace, string name, PatchFormat format, JsonNode? patch, bool dryRun)
    {
        lock (store.Gate)
        {
            var stored = store.Find(view.Resource, @namespace, name);
            if (stored is null)
            {
                return ApiStatus.NotFound(view, name);
            }

            var current = view.Project(stored);
            var (patched, error) = format == PatchFormat.Json
                ? JsonPatch.Apply(current, patch)
                : (MergePatch.Apply(current, patch) as JsonObject, null);
            if (patched is null)
            {
                return ApiStatus.BadRequest($"unable to apply the {format} patch: {error ?? "the result is not an object"}");
            }

            return Replace(view, @namespace, name, stored, patched, dryRun);
        }
    }

    private ApiResponse Replace(ResourceView view, string @namespace, string name, JsonObject stored, JsonObject desired, bool dryRun)
    {
        var bodyName = (string?)desired["metadata"]?["name"];
        if (bodyName is not null && bodyName != name)
        {
            return ApiStatus.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }

        var precondition = (string?)desired["metadata"]?["resourceVersion"];
        if (!string.IsNullOrEmpty(precondition) && precondition != (string?)stored["metadata"]!["resourceVersion"])
        {
            return ApiStatus.Conflict(view, name);
        }

        if (view.Validate(desired) is { } invalid)
        {
            return ApiStatus.Invalid(view, name, invalid);
        }

        var updated = view.Merge(stored, desired);
        if (!dryRun && !JsonNode.DeepEquals(updated, stored))
        {
            updated = store.Save(view.Resource, @namespace, name, updated);
        }

        return ApiResponse.Ok(view.Project(updated));
    }
}
