using System.Text.Json.Nodes;

namespace Juno.Testing.Emulator;

/// <summary>core/v1 Node (cluster-scoped: stored with an empty namespace).</summary>
internal sealed class NodeView : ResourceView
{
    public static readonly NodeView Instance = new();

    public override string Resource => "nodes";

    public override string Group => "";

    public override string Kind => "Node";

    public override string KindGroup => "";

    public override FieldError? Validate(JsonObject desired) => null;

    public override JsonObject Merge(JsonObject stored, JsonObject desired) => KeepServerFields(stored, desired);
}
