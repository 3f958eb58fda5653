using System.Net;
using System.Net.Http.Json;
using Juno.Contracts.Grains;
using Juno.Contracts.Keys;
using Juno.Contracts.Telemetry;
using Juno.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Juno.Integration.Tests.Http;

[Collection(SiloHostCollection.Name)]
public sealed class SamplesApiTests(SiloHostFactory host)
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.UtcNow.AddHours(-1);

    [Fact]
    public async Task ValidBatchIsAcceptedWithOneGrainCallPerEntity()
    {
        var entity = Workload("accept");
        using var client = host.CreateClient();

        var response = await client.PostAsync("/api/v1/samples", HttpJson.Raw(HttpJson.Batch(
            HttpJson.Sample(entity, "cpu", T0, "0.4"),
            HttpJson.Sample(entity, "cpu", T0.AddMinutes(1), "0.5"),
            HttpJson.Sample(entity, "latency_p95_ms", T0, "120"),
            HttpJson.Sample("http/node-1", "memory", T0, "0.7", kind: "node"),
            HttpJson.Sample("accept-tenant", "request_rate", T0, "900", kind: "tenant"))));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<IngestResponse>(HttpJson.Options);
        Assert.Equal(new IngestResponse(5, 0, 0, 3), body! with { MaxAnomalyScore = 0 });
        Assert.Equal(3, await SamplesSeen(entity));
    }

    [Fact]
    public async Task DuplicateAndOutOfOrderSamplesAreCountedAndNotApplied()
    {
        var entity = Workload("stale");
        using var client = host.CreateClient();
        await client.PostAsync("/api/v1/samples", HttpJson.Raw(HttpJson.Batch(HttpJson.Sample(entity, "cpu", T0.AddMinutes(5), "0.4"))));

        var response = await client.PostAsync("/api/v1/samples", HttpJson.Raw(HttpJson.Batch(
            HttpJson.Sample(entity, "cpu", T0.AddMinutes(5), "0.9"),
            HttpJson.Sample(entity, "cpu", T0.AddMinutes(4), "0.9"),
            HttpJson.Sample(entity, "cpu", T0.AddMinutes(6), "0.5"))));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<IngestResponse>(HttpJson.Options);
        Assert.Equal(1, body!.Accepted);
        Assert.Equal(2, body.DroppedStale);
        Assert.Equal(2, await SamplesSeen(entity));
    }

    [Theory]
    [InlineData("{\"samples\": [", "malformed-json")]
    [InlineData("not json at all", "malformed-json")]
    [InlineData("{\"samples\":[{\"kind\":\"workload\",\"entity\":\"t/http/ns/bad\",\"metric\":\"cpu\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"value\":NaN}]}", "malformed-json")]
    [InlineData("{\"samples\":[{\"kind\":\"workload\",\"entity\":\"t/http/ns/bad\",\"metric\":\"cpu\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"value\":Infinity}]}", "malformed-json")]
    [InlineData("{\"samples\":[{\"kind\":\"workload\",\"entity\":\"t/http/ns/bad\",\"metric\":\"cpu\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"value\":\"NaN\"}]}", "malformed-json")]
    [InlineData("{\"samples\":[{\"kind\":\"workload\",\"entity\":\"t/http/ns/bad\",\"metric\":\"cpu\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"value\":1e999}]}", "invalid-samples")]
    [InlineData("{\"samples\":[]}", "empty-batch")]
    [InlineData("{}", "empty-batch")]
    [InlineData("null", "empty-batch")]
    public async Task BadPayloadsAreRefusedWithProblemDetailsAndLoseNothingAccepted(string body, string problemType)
    {
        var entity = Workload("keep");
        using var client = host.CreateClient();
        await client.PostAsync("/api/v1/samples", HttpJson.Raw(HttpJson.Batch(HttpJson.Sample(entity, "cpu", T0, "0.4"))));
        var before = await SamplesSeen(entity);

        var response = await client.PostAsync("/api/v1/samples", HttpJson.Raw(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await HttpJson.ReadProblemAsync(response);
        Assert.Equal($"https://juno.dev/problems/{problemType}", problem.GetProperty("type").GetString());
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Equal(before, await SamplesSeen(entity));
    }

    [Fact]
    public async Task OneInvalidSampleRejectsTheWholeRequestAndNamesEveryProblem()
    {
        var entity = Workload("atomic");
        using var client = host.CreateClient();

        var response = await client.PostAsync("/api/v1/samples", HttpJson.Raw(HttpJson.Batch(
            HttpJson.Sample(entity, "cpu", T0, "0.4"),
            HttpJson.Sample(entity, "gpu", T0, "0.4"),
            HttpJson.Sample("Not/A/Valid/Key", "cpu", T0, "0.4"),
            HttpJson.Sample(entity, "cpu", DateTimeOffset.UtcNow.AddHours(1), "0.4"),
            HttpJson.Sample(entity, "cpu", T0, "0.4", kind: "pod"))));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await HttpJson.ReadProblemAsync(response);
        Assert.Equal("https://juno.dev/problems/invalid-samples", problem.GetProperty("type").GetString());
        var errors = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToArray();
        Assert.Equal(4, errors.Length);
        Assert.StartsWith("samples[1]: metric 'gpu'", errors[0]);
        Assert.StartsWith("samples[2]: Key 'Not/A/Valid/Key'", errors[1]);
        Assert.StartsWith("samples[3]: timestamp", errors[2]);
        Assert.StartsWith("samples[4]: kind 'pod'", errors[3]);
        Assert.Equal(0, await SamplesSeen(entity));
    }

    [Fact]
    public async Task OversizedBatchesAreRefusedWith413()
    {
        using var client = host.CreateClient();
        var entity = Workload("huge");
        var tooMany = HttpJson.Batch([.. Enumerable.Range(0, SampleBatch.MaxSamples + 1).Select(i => HttpJson.Sample(entity, "cpu", T0.AddSeconds(-i), "0.1"))]);

        var countResponse = await client.PostAsync("/api/v1/samples", HttpJson.Raw(tooMany));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, countResponse.StatusCode);
        Assert.Equal("https://juno.dev/problems/payload-too-large", (await HttpJson.ReadProblemAsync(countResponse)).GetProperty("type").GetString());

        var bytesResponse = await client.PostAsync("/api/v1/samples", HttpJson.Raw("{\"samples\":[\"" + new string('x', 5 * 1024 * 1024) + "\"]}"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, bytesResponse.StatusCode);
        Assert.Equal(0, await SamplesSeen(entity));
    }

    private Task<long> SamplesSeen(string entity) =>
        host.Services.GetRequiredService<IGrainFactory>().GetGrain<IWorkloadGrain>(entity).GetStatus()
            .ContinueWith(t => t.Result.Metrics.Sum(m => m.SamplesSeen), TaskScheduler.Default);

    private static string Workload(string name) => EntityKeys.Workload("acme", SiloHostFactory.Cluster, "shop", name);

    private sealed record IngestResponse(int Accepted, int DroppedStale, int RejectedNonFinite, int Entities)
    {
        public double MaxAnomalyScore { get; init; }
    }
}
