using System.Text.Json.Nodes;

namespace Juno.Testing.Emulator;

/// <summary>core/v1 Pod.</summary>
internal sealed class PodView : ResourceView
{
    public static readonly PodView Instance = new();

    public override string Resource => "pods";

    public override string Group => "";

    public override string Kind => "Pod";

    public override string KindGroup => "";

    public override FieldError? Validate(JsonObject desired) => null;

    public override JsonObject Merge(JsonObject stored, JsonObject desired) => KeepServerFields(stored, desired);
}
