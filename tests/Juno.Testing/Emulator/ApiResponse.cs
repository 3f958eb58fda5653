using System.Text.Json.Nodes;

namespace Juno.Testing.Emulator;

/// <summary>What the emulator answers: a status code and a JSON body (an object, or a v1 Status).</summary>
internal sealed record ApiResponse(int StatusCode, JsonObject Body)
{
    public static ApiResponse Ok(JsonObject body) => new(200, body);
}
