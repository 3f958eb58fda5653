using System.Text.Json.Nodes;

namespace Juno.Testing.Emulator;

/// <summary>policy/v1 PodDisruptionBudget.</summary>
internal sealed class PodDisruptionBudgetView : ResourceView
{
    public static readonly PodDisruptionBudgetView Instance = new();

    public override string Resource => "poddisruptionbudgets";

    public override string Group => "policy";

    public override string Kind => "PodDisruptionBudget";

    public override string KindGroup => "policy";

    public override FieldError? Validate(JsonObject desired) => null;

    public override JsonObject Merge(JsonObject stored, JsonObject desired) => KeepServerFields(stored, desired);
}
