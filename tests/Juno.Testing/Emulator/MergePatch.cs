using System.Text.Json.Nodes;

namespace Juno.Testing.Emulator;

/// <summary>RFC 7386 JSON merge patch. Strategic merge patches are applied the same way: the two agree
/// on objects and maps, which is all the actuator patches; they differ only on keyed lists
/// (containers, env), where strategic merge merges by key and this replaces the list.</summary>
internal static class MergePatch
{
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject targetObject ? (JsonObject)targetObject.DeepClone() : [];
        foreach (var (name, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(name);
            }
            else
            {
                result[name] = Apply(result[name], value);
            }
        }

        return result;
    }
}
