using System.Globalization;
using System.Text.Json.Nodes;

namespace Juno.Testing.Emulator;

/// <summary>RFC 6902 JSON patch: add, remove, replace and test (move and copy are refused).</summary>
internal static class JsonPatch
{
    /// <summary>The patched document, or an error saying which operation failed.</summary>
    public static (JsonObject? Result, string? Error) Apply(JsonObject target, JsonNode? patch)
    {
        if (patch is not JsonArray operations)
        {
            return (null, "a JSON patch must be an array of operations");
        }

        var document = (JsonObject)target.DeepClone();
        foreach (var operation in operations)
        {
            var error = ApplyOne(document, operation as JsonObject);
            if (error is not null)
            {
                return (null, error);
            }
        }

        return (document, null);
    }

    private static string? ApplyOne(JsonObject document, JsonObject? operation)
    {
        var op = operation?["op"]?.GetValue<string>();
        var path = operation?["path"]?.GetValue<string>();
        if (op is null || path is null || !path.StartsWith('/'))
        {
            return $"operation {operation?.ToJsonString()} needs an op and a path starting with '/'";
        }

        var segments = path[1..].Split('/').Select(s => s.Replace("~1", "/").Replace("~0", "~")).ToArray();
        var parent = Navigate(document, segments[..^1]);
        var key = segments[^1];
        var value = operation!["value"];
        return (op, parent) switch
        {
            (_, null) => $"path {path} does not exist",
            ("add", JsonObject o) => Set(() => o[key] = value?.DeepClone()),
            ("add", JsonArray a) when key == "-" => Set(() => a.Add(value?.DeepClone())),
            ("add", JsonArray a) when Index(key, a.Count + 1) is int i => Set(() => a.Insert(i, value?.DeepClone())),
            ("replace", JsonObject o) when o.ContainsKey(key) => Set(() => o[key] = value?.DeepClone()),
            ("replace", JsonArray a) when Index(key, a.Count) is int i => Set(() => a[i] = value?.DeepClone()),
            ("remove", JsonObject o) when o.ContainsKey(key) => Set(() => o.Remove(key)),
            ("remove", JsonArray a) when Index(key, a.Count) is int i => Set(() => a.RemoveAt(i)),
            ("test", JsonObject o) when o.ContainsKey(key) && JsonNode.DeepEquals(o[key], value) => null,
            ("test", JsonArray a) when Index(key, a.Count) is int i && JsonNode.DeepEquals(a[i], value) => null,
            ("test", _) => $"test failed at {path}",
            ("add" or "replace" or "remove", _) => $"path {path} does not exist",
            _ => $"operation '{op}' is not supported",
        };
    }

    private static JsonNode? Navigate(JsonNode? node, IEnumerable<string> segments)
    {
        foreach (var segment in segments)
        {
            node = node switch
            {
                JsonObject o => o[segment],
                JsonArray a when Index(segment, a.Count) is int i => a[i],
                _ => null,
            };
        }

        return node;
    }

    private static int? Index(string segment, int limit) =>
        int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < limit ? index : null;

    private static string? Set(Action mutation)
    {
        mutation();
        return null;
    }
}
