using System.Globalization;
using System.Text.Json.Nodes;
using k8s.Models;

namespace Juno.Actuation;

/// <summary>The patch bodies the actuator sends. Each carries the action id, which is how a retried
/// action is recognised; those that include a resourceVersion only apply to the object as it was read.</summary>
internal static class ObjectPatches
{
    public const string LastActionIdAnnotation = "juno.io/last-action-id";

    /// <summary>The annotation <c>kubectl rollout restart</c> sets; changing it rolls every pod.</summary>
    public const string RestartedAtAnnotation = "kubectl.kubernetes.io/restartedAt";

    public static V1Patch Stamp(Guid actionId) => Strategic(new JsonObject
    {
        ["metadata"] = Metadata(actionId, resourceVersion: null),
    });

    public static V1Patch Restart(Guid actionId, string resourceVersion, DateTimeOffset at) => Strategic(new JsonObject
    {
        ["metadata"] = Metadata(actionId, resourceVersion),
        ["spec"] = new JsonObject
        {
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject
                {
                    // RFC 3339 to the second, exactly as kubectl writes it.
                    ["annotations"] = new JsonObject
                    {
                        [RestartedAtAnnotation] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                    },
                },
            },
        },
    });

    public static V1Patch Cordon(Guid actionId, string resourceVersion) => Strategic(new JsonObject
    {
        ["metadata"] = Metadata(actionId, resourceVersion),
        ["spec"] = new JsonObject { ["unschedulable"] = true },
    });

    public static V1Patch Uncordon(Guid actionId, string resourceVersion) => Strategic(new JsonObject
    {
        ["metadata"] = Metadata(actionId, resourceVersion),
        ["spec"] = new JsonObject { ["unschedulable"] = false },
    });

    public static string? LastActionId(V1ObjectMeta? metadata) =>
        metadata?.Annotations is { } annotations && annotations.TryGetValue(LastActionIdAnnotation, out var id) ? id : null;

    public static bool CarriesAction(V1ObjectMeta? metadata, Guid actionId) =>
        Guid.TryParse(LastActionId(metadata), out var id) && id == actionId;

    private static JsonObject Metadata(Guid actionId, string? resourceVersion)
    {
        var metadata = new JsonObject
        {
            ["annotations"] = new JsonObject { [LastActionIdAnnotation] = actionId.ToString("D") },
        };

        if (resourceVersion is not null)
        {
            // A resourceVersion in a patch is a precondition: the API server answers 409 if the object moved on.
            metadata["resourceVersion"] = resourceVersion;
        }

        return metadata;
    }

    private static V1Patch Strategic(JsonObject body) => new(body.ToJsonString(), V1Patch.PatchType.StrategicMergePatch);
}
