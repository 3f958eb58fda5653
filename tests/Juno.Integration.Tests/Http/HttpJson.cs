using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Xunit;

namespace Juno.Integration.Tests.Http;

internal static class HttpJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static async Task<JsonElement> ReadProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Options);
    }

    /// <summary>The response is the problem details body the facade promises: status and stable type URI.</summary>
    public static async Task AssertProblemAsync(HttpResponseMessage response, int status, string type)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal($"https://juno.dev/problems/{type}", (await ReadProblemAsync(response)).GetProperty("type").GetString());
    }

    public static StringContent Raw(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    public static string Sample(string entity, string metric, DateTimeOffset at, string value, string kind = "workload") =>
        $$"""{"kind":"{{kind}}","entity":"{{entity}}","metric":"{{metric}}","timestamp":"{{at:O}}","value":{{value}}}""";

    public static string Batch(params string[] samples) => $$"""{"samples":[{{string.Join(',', samples)}}]}""";
}
