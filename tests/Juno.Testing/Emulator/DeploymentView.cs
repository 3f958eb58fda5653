using System.Text.Json.Nodes;

namespace Juno.Testing.Emulator;

/// <summary>apps/v1 Deployment.</summary>
internal sealed class DeploymentView : ResourceView
{
    public static readonly DeploymentView Instance = new();

    public override string Resource => "deployments";

    public override string Group => "apps";

    public override string Kind => "Deployment";

    public override string KindGroup => "apps";

    public override FieldError? Validate(JsonObject desired) => ValidateReplicas(desired["spec"]?["replicas"]);

    public override JsonObject Merge(JsonObject stored, JsonObject desired) => KeepServerFields(stored, desired);
}
