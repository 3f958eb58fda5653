using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Juno.Contracts.Models;
using Juno.Inference;
using Juno.Integration.Tests.Infrastructure;
using Juno.Intelligence;
using Xunit;

namespace Juno.Integration.Tests.Http;

/// <summary><c>/api/v4/models</c> over HTTP: a raw ONNX upload with metadata, activation, inference, routing, rollback,
/// and a problem-details answer for every bad request.</summary>
[Collection(SiloHostCollection.Name)]
public sealed class ModelsApiTests(SiloHostFactory host)
{
    [Fact]
    public async Task AnUploadedModelIsActivatedServesRowsAndRollsBack()
    {
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", SiloHostFactory.AdminKey);
        var network = new Mlp(4, 3, 8, 2);

        var uploaded = await UploadAsync(client, "http-model", OnnxModelWriter.WriteMlp(network), """{"metrics": {"auc": 0.91}}""");
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var v1 = (await uploaded.Content.ReadFromJsonAsync<ModelVersion>(HttpJson.Options))!;
        Assert.Equal((1, 3, 2, "root"), (v1.Version, v1.InputWidth, v1.OutputWidth, v1.CreatedBy));
        Assert.Equal(0.91, System.Text.Json.JsonDocument.Parse(v1.MetadataJson).RootElement.GetProperty("metrics").GetProperty("auc").GetDouble());
        Assert.Equal(HttpStatusCode.Created, (await UploadAsync(client, "http-model", OnnxModelWriter.WriteMlp(new Mlp(5, 3, 8, 2)), null)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/v4/models/http-model/activate", new { version = 1, reason = "first" })).StatusCode);
        var answer = await InferAsync(client, new[] { new[] { 1f, 2f, 3f }, new[] { 0f, 0f, 1f } });
        Assert.Equal(1, answer.Version);
        var expected = new float[4];
        network.ForwardBatch([1f, 2f, 3f, 0f, 0f, 1f], 2, expected);
        Assert.Equal(expected.Length, answer.Outputs.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], answer.Outputs[i], 1e-4f);
        }

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/v4/models/http-model/activate", new { version = 2, reason = "retrained" })).StatusCode);
        Assert.Equal(2, (await InferAsync(client, new[] { new[] { 1f, 2f, 3f } })).Version);
        var routed = await client.PutAsJsonAsync("/api/v4/models/http-model/routing", new { split = new Dictionary<string, double> { ["1"] = 0.5 }, reason = "compare" });
        Assert.Equal(HttpStatusCode.OK, routed.StatusCode);
        var rolled = await client.PostAsJsonAsync("/api/v4/models/http-model/rollback", new { reason = "v2 drifts" });
        Assert.Equal(HttpStatusCode.OK, rolled.StatusCode);
        var view = (await client.GetFromJsonAsync<ModelView>("/api/v4/models/http-model", HttpJson.Options))!;
        Assert.Equal(1, view.Active);
        Assert.Equal([2, 1], view.Versions.Select(v => v.Version));
        Assert.All(view.Versions, v => Assert.Matches("^[0-9a-f]{64}$", v.Sha256));
    }

    [Fact]
    public async Task BadModelRequestsGetProblemDetails()
    {
        using var client = host.CreateClient();
        var model = OnnxModelWriter.WriteMlp(new Mlp(4, 3, 2));

        await HttpJson.AssertProblemAsync(await UploadAsync(client, "http-bad", model, null), 401, "unauthenticated");
        client.DefaultRequestHeaders.Add("X-Api-Key", SiloHostFactory.AdminKey);
        await HttpJson.AssertProblemAsync(await UploadAsync(client, "http-bad", [1, 2, 3], null), 400, "model-rejected");
        await HttpJson.AssertProblemAsync(await UploadAsync(client, "http-bad", model, "not json"), 400, "model-rejected");
        await HttpJson.AssertProblemAsync(await UploadAsync(client, "Not_A_Name", model, null), 400, "invalid-model-name");
        await HttpJson.AssertProblemAsync(await client.GetAsync("/api/v4/models/http-nothing"), 404, "unknown-model");
        Assert.Equal(HttpStatusCode.Created, (await UploadAsync(client, "http-bad", model, null)).StatusCode);
        await HttpJson.AssertProblemAsync(await client.PostAsJsonAsync("/api/v4/models/http-bad/infer", new { rows = new[] { new[] { 1f, 2f, 3f } } }), 404, "unknown-model");
        await HttpJson.AssertProblemAsync(await client.PostAsJsonAsync("/api/v4/models/http-bad/activate", new { version = 7 }), 404, "unknown-model");
        await HttpJson.AssertProblemAsync(await client.PostAsJsonAsync("/api/v4/models/http-bad/activate", new { reason = "no version" }), 400, "model-rejected");
        await HttpJson.AssertProblemAsync(await client.PostAsJsonAsync("/api/v4/models/http-bad/rollback", new { reason = "nothing before" }), 400, "model-rejected");
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/v4/models/http-bad/activate", new { version = 1 })).StatusCode);
        await HttpJson.AssertProblemAsync(await client.PostAsJsonAsync("/api/v4/models/http-bad/infer", new { rows = new[] { new[] { 1f, 2f } } }), 400, "invalid-rows");
        await HttpJson.AssertProblemAsync(await client.PostAsJsonAsync("/api/v4/models/http-bad/infer", new { rows = new[] { new[] { 1f, 2f, 3f }, new[] { 1f } } }), 400, "invalid-rows");
        await HttpJson.AssertProblemAsync(await client.PostAsJsonAsync("/api/v4/models/http-bad/infer", new { rows = Array.Empty<float[]>() }), 400, "invalid-rows");
        await HttpJson.AssertProblemAsync(await client.PostAsync("/api/v4/models/http-bad/infer", HttpJson.Raw("{\"rows\": [[NaN]]}")), 400, "malformed-json");
        await HttpJson.AssertProblemAsync(await client.PutAsJsonAsync("/api/v4/models/http-bad/routing", new { split = new Dictionary<string, double> { ["1"] = 0.3 } }), 400, "model-rejected");
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string name, byte[] onnx, string? metadata)
    {
        using var content = new ByteArrayContent(onnx);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v4/models/{name}/versions?actor=ignored-when-keyed") { Content = content };
        if (metadata is not null)
        {
            request.Headers.Add("X-Juno-Model-Metadata", metadata);
        }

        return await client.SendAsync(request);
    }

    private static async Task<ModelAnswer> InferAsync(HttpClient client, float[][] rows)
    {
        var response = await client.PostAsJsonAsync("/api/v4/models/http-model/infer", new { rows, key = "tool-a" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ModelAnswer>(HttpJson.Options))!;
    }
}
