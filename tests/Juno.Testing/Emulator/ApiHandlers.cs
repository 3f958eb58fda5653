using System.Text.Json.Nodes;

namespace Juno.Testing.Emulator;

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

    /// <summary>POST to a collection: the name comes from the body; an existing name is a 409 AlreadyExists,
    /// and the server assigns identity and the first resourceVersion.</summary>
    public ApiResponse Create(ResourceView view, string @namespace, JsonObject desired, bool dryRun)
    {
        var name = (string?)desired["metadata"]?["name"];
        if (string.IsNullOrEmpty(name))
        {
            return ApiStatus.Invalid(view, "", new FieldError("metadata.name", "\"\"", "Required value: name or generateName is required"));
        }

        var bodyNamespace = (string?)desired["metadata"]?["namespace"];
        if (!string.IsNullOrEmpty(bodyNamespace) && bodyNamespace != @namespace)
        {
            return ApiStatus.BadRequest($"the namespace of the provided object ({bodyNamespace}) does not match the namespace sent on the request ({@namespace})");
        }

        lock (store.Gate)
        {
            if (store.Find(view.Resource, @namespace, name) is not null)
            {
                return ApiStatus.AlreadyExists(view, name);
            }

            if (view.Validate(desired) is { } invalid)
            {
                return ApiStatus.Invalid(view, name, invalid);
            }

            var created = (JsonObject)desired.DeepClone();
            var metadata = (JsonObject)created["metadata"]!;
            metadata["namespace"] = @namespace.Length > 0 ? @namespace : null;
            metadata["uid"] = Guid.NewGuid().ToString();
            metadata["creationTimestamp"] = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
            if (dryRun)
            {
                return new ApiResponse(201, view.Project(created));
            }

            return new ApiResponse(201, view.Project(store.Save(view.Resource, @namespace, name, created)));
        }
    }

    /// <summary>A list (all namespaces when <paramref name="namespace"/> is null), filtered by equality label and
    /// field selectors (<c>a=b,c=d</c>; the field selector knows <c>spec.nodeName</c>), with the store's revision.</summary>
    public ApiResponse List(ResourceView view, string? @namespace, string? labelSelector, string? fieldSelector)
    {
        var labels = Pairs(labelSelector);
        var fields = Pairs(fieldSelector);
        if (fields.Keys.Any(f => f != "spec.nodeName"))
        {
            return ApiStatus.BadRequest($"field label not supported: {fields.Keys.First(f => f != "spec.nodeName")}");
        }

        lock (store.Gate)
        {
            var items = new JsonArray();
            foreach (var item in store.All(view.Resource, @namespace))
            {
                var itemLabels = item["metadata"]?["labels"] as JsonObject;
                var matches = labels.All(l => (string?)itemLabels?[l.Key] == l.Value)
                    && fields.All(f => (string?)item["spec"]?["nodeName"] == f.Value);
                if (matches)
                {
                    items.Add(view.Project(item));
                }
            }

            return ApiResponse.Ok(new JsonObject
            {
                ["kind"] = $"{view.Kind}List",
                ["apiVersion"] = view.Group.Length > 0 ? $"{view.Group}/v1" : "v1",
                ["metadata"] = new JsonObject { ["resourceVersion"] = store.Revision },
                ["items"] = items,
            });
        }
    }

    public ApiResponse Delete(ResourceView view, string @namespace, string name, bool dryRun)
    {
        lock (store.Gate)
        {
            var stored = store.Find(view.Resource, @namespace, name);
            if (stored is null)
            {
                return ApiStatus.NotFound(view, name);
            }

            if (!dryRun)
            {
                store.Remove(view.Resource, @namespace, name);
            }

            return ApiResponse.Ok(view.Project(stored));
        }
    }

    /// <summary>The eviction subresource: the pod goes unless a PodDisruptionBudget selecting it would then have fewer
    /// healthy pods than its minAvailable, in which case the answer is 429 and nothing changes.</summary>
    public ApiResponse Evict(string @namespace, string name, bool dryRun, Action<string>? refused = null)
    {
        var response = EvictLocked(@namespace, name, dryRun);
        if (response.StatusCode == 429)
        {
            // Outside the store's lock: the callback may change the cluster (a replacement pod coming up).
            refused?.Invoke(name);
        }

        return response;
    }

    private ApiResponse EvictLocked(string @namespace, string name, bool dryRun)
    {
        lock (store.Gate)
        {
            var pod = store.Find(PodView.Instance.Resource, @namespace, name);
            if (pod is null)
            {
                return ApiStatus.NotFound(PodView.Instance, name);
            }

            var podLabels = pod["metadata"]?["labels"] as JsonObject;
            foreach (var budget in store.All(PodDisruptionBudgetView.Instance.Resource, @namespace))
            {
                var selector = budget["spec"]?["selector"]?["matchLabels"] as JsonObject ?? [];
                bool Selects(JsonObject? labels) => selector.All(l => (string?)labels?[l.Key] == (string?)l.Value);
                if (!Selects(podLabels))
                {
                    continue;
                }

                var minAvailable = (int?)budget["spec"]?["minAvailable"] ?? 0;
                var healthy = store.All(PodView.Instance.Resource, @namespace).Count(p => Selects(p["metadata"]?["labels"] as JsonObject));
                if (healthy - 1 < minAvailable)
                {
                    return ApiStatus.DisruptionBudget((string)budget["metadata"]!["name"]!, minAvailable, healthy);
                }
            }

            if (!dryRun)
            {
                store.Remove(PodView.Instance.Resource, @namespace, name);
            }

            return ApiStatus.Success(201);
        }
    }

    private static Dictionary<string, string> Pairs(string? selector) =>
        string.IsNullOrEmpty(selector)
            ? []
            : selector.Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "");

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
