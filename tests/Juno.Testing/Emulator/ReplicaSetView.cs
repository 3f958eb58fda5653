using System.Text.Json.Nodes;

namespace Juno.Testing.Emulator;

/// <summary>apps/v1 ReplicaSet.</summary>
internal sealed class ReplicaSetView : ResourceView
{
    public static readonly ReplicaSetView Instance = new();

    public override string Resource => "replicasets";

    public override string Group => "apps";

    public override string Kind => "ReplicaSet";

    public override string KindGroup => "apps";

    public override FieldError? Validate(JsonObject desired) => null;

    public override JsonObject Merge(JsonObject stored, JsonObject desired) => KeepServerFields(stored, desired);
}
