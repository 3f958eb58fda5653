using System.Text.Json;

namespace Juno.Storage;

/// <summary>Rejects text that is not JSON before it reaches a store, so both stores refuse the same input
/// with the same exception (PostgreSQL would otherwise fail later, inside the transaction).</summary>
internal static class JsonText
{
    public static void Validate(string json, string parameterName)
    {
        try
        {
            using var _ = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"{parameterName} is not valid JSON: {ex.Message}", parameterName, ex);
        }
    }

    public static void ValidateOptional(string? json, string parameterName)
    {
        if (json is not null)
        {
            Validate(json, parameterName);
        }
    }
}
