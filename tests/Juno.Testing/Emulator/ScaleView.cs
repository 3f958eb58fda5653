using System.Text.Json.Nodes;

namespace Juno.Testing.Emulator;

/// <summary>autoscaling/v1 Scale, the deployments/scale subresource: a window onto the Deployment's
/// spec.replicas that carries the Deployment's own resourceVersion.</summary>
internal sealed class ScaleView : ResourceView
{
    public static readonly ScaleView Instance = new();

    public override string Resource => "deployments";

    public override string Group => "apps";

    public override string Kind => "Scale";

    public override string KindGroup => "autoscaling";

    public override JsonObject Project(JsonObject stored)
    {
        var metadata = stored["metadata"]!;
        var matchLabels = stored["spec"]?["selector"]?["matchLabels"] as JsonObject ?? [];
        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = new JsonObject
            {
                ["name"] = metadata["name"]?.DeepClone(),
                ["namespace"] = metadata["namespace"]?.DeepClone(),
                ["uid"] = metadata["uid"]?.DeepClone(),
                ["resourceVersion"] = metadata["resourceVersion"]?.DeepClone(),
                ["creationTimestamp"] = metadata["creationTimestamp"]?.DeepClone(),
            },
            ["spec"] = new JsonObject { ["replicas"] = stored["spec"]?["replicas"]?.DeepClone() },
            ["status"] = new JsonObject
            {
                ["replicas"] = stored["status"]?["replicas"]?.DeepClone() ?? 0,
                ["selector"] = string.Join(",", matchLabels.Select(label => $"{label.Key}={label.Value}")),
            },
        };
    }

    public override FieldError? Validate(JsonObject desired) => ValidateReplicas(desired["spec"]?["replicas"]);

    public override JsonObject Merge(JsonObject stored, JsonObject desired)
    {
        var merged = (JsonObject)stored.DeepClone();
        // Like the Go type, an omitted spec.replicas means zero.
        merged["spec"]!["replicas"] = desired["spec"]?["replicas"]?.DeepClone() ?? 0;
        return merged;
    }
}
