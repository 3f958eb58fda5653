using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Juno.Contracts.Policies;
using Juno.Integration.Tests.Grains;
using Juno.Integration.Tests.Infrastructure;
using Xunit;

namespace Juno.Integration.Tests.Http;

/// <summary><c>/api/v4/rl</c> over HTTP on the real silo host with PostgreSQL: train, list, evaluate, change roles,
/// performance, and a problem-details answer for every bad request.</summary>
[Collection(SiloHostCollection.Name)]
public sealed class RlApiTests(SiloHostFactory host)
{
    [Fact]
    public async Task AVersionTrainedOverHttpIsListedEvaluatedAndShadowed()
    {
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", SiloHostFactory.AdminKey);
        var series = ScalingPolicyTests.DailySeries("http-daily", days: 3);

        var response = await client.PostAsJsonAsync("/api/v4/rl/train", new { traces = new[] { series }, trainShare = 0.5, seed = 3, actor = "ml-eng", description = "http test" }, HttpJson.Options);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var started = (await response.Content.ReadFromJsonAsync<PolicyVersion>(HttpJson.Options))!;
        Assert.Equal(PolicyRole.Training, started.Role);
        Assert.Equal($"/api/v4/rl/policies/{started.Version}", response.Headers.Location?.OriginalString);
        var trained = await WaitTrainedAsync(client, started.Version);
        Assert.Equal("http test", trained.Description);
        Assert.Equal("root", trained.Training!.RequestedBy); // the key's holder, not what the body says
        Assert.Contains(await client.GetFromJsonAsync<PolicyVersion[]>("/api/v4/rl/policies", HttpJson.Options) ?? [], v => v.Version == PolicyVersion.BuiltinVersion && v.Role == PolicyRole.Incumbent);

        var evaluation = await client.PostAsJsonAsync("/api/v4/rl/evaluate", new { versions = new[] { trained.Version }, traces = new[] { series } }, HttpJson.Options);
        Assert.Equal(HttpStatusCode.OK, evaluation.StatusCode);
        var rows = (await evaluation.Content.ReadFromJsonAsync<PolicyEvaluation>(HttpJson.Options))!.Rows;
        Assert.Equal(3, rows.Length);
        Assert.Equal(trained.Version, rows[2].Policy);
        Assert.All(rows, r => Assert.Equal(1.2, r.ScoredDays, 1));

        var shadow = await client.PostAsJsonAsync($"/api/v4/rl/policies/{trained.Version}/role", new { role = "shadow", actor = "ml-eng", reason = "watch" }, HttpJson.Options);
        Assert.Equal(HttpStatusCode.OK, shadow.StatusCode);
        Assert.Equal(PolicyRole.Shadow, (await shadow.Content.ReadFromJsonAsync<PolicyVersion>(HttpJson.Options))!.Role);
        var retired = await client.PostAsJsonAsync($"/api/v4/rl/policies/{trained.Version}/role", new { role = "Retired", actor = "ml-eng", reason = "done" }, HttpJson.Options);
        Assert.Equal(HttpStatusCode.OK, retired.StatusCode);

        var performance = await client.GetFromJsonAsync<PolicyPerformance[]>("/api/v4/rl/performance", HttpJson.Options);
        Assert.Contains(performance ?? [], p => p.Version == trained.Version && p.Role == PolicyRole.Retired);
        Assert.Contains(performance ?? [], p => p.Version == PolicyVersion.BuiltinVersion && p.Role == PolicyRole.Incumbent);
    }

    [Fact]
    public async Task BadRequestsGetProblemDetails()
    {
        using var client = host.CreateClient();
        var good = ScalingPolicyTests.DailySeries("bad-input", days: 1);
        await HttpJson.AssertProblemAsync(await client.PostAsJsonAsync("/api/v4/rl/train", new { traces = new[] { good }, actor = "a" }, HttpJson.Options), 401, "unauthenticated");
        await HttpJson.AssertProblemAsync(await client.PostAsJsonAsync("/api/v4/rl/policies/builtin/role", new { role = "shadow", actor = "a" }, HttpJson.Options), 401, "unauthenticated");
        client.DefaultRequestHeaders.Add("X-Api-Key", SiloHostFactory.AdminKey);

        await AssertProblemAsync(client, "/api/v4/rl/train", new { traces = Array.Empty<DemandSeries>(), actor = "a" }, 400, "invalid-training");
        await AssertProblemAsync(client, "/api/v4/rl/train", new { traces = new[] { good with { Values = [.. good.Values.Select((v, i) => i == 7 ? -1 : v)] } }, actor = "a" }, 400, "invalid-training");
        await AssertProblemAsync(client, "/api/v4/rl/train", new { traces = new[] { good with { TimestampsMs = [.. good.TimestampsMs.Select((t, i) => i == 9 ? t - 600_000 : t)] } }, actor = "a" }, 400, "invalid-training");
        await AssertProblemAsync(client, "/api/v4/rl/train", new { traces = new[] { good, good }, actor = "a" }, 400, "invalid-training");
        await AssertProblemAsync(client, "/api/v4/rl/train", new { traces = new[] { good }, actor = "a", epochs = 50 }, 400, "invalid-training");
        await AssertProblemAsync(client, "/api/v4/rl/train", new { traces = new[] { new { name = "long", timestampsMs = new long[] { 0, 700_000L * 60_000 }, values = new double[] { 1, 2 } } }, actor = "a" }, 400, "invalid-training");
        await HttpJson.AssertProblemAsync(await client.PostAsync("/api/v4/rl/train", HttpJson.Raw("{\"traces\":[{\"name\":\"x\",\"values\":[NaN]}]}")), 400, "malformed-json");
        await HttpJson.AssertProblemAsync(await client.PostAsync("/api/v4/rl/train", HttpJson.Raw("{\"traces\":")), 400, "malformed-json");
        await HttpJson.AssertProblemAsync(await client.PostAsync("/api/v4/rl/train", HttpJson.Raw($"{{\"actor\":\"{new string('x', 17 * 1024 * 1024)}\"}}")), 413, "payload-too-large");

        await AssertProblemAsync(client, "/api/v4/rl/evaluate", new { versions = new[] { "dqn-999" }, traces = new[] { good } }, 404, "unknown-policy");
        await AssertProblemAsync(client, "/api/v4/rl/evaluate", new { versions = new[] { PolicyVersion.BuiltinVersion }, traces = new[] { good } }, 400, "invalid-evaluation");
        await AssertProblemAsync(client, "/api/v4/rl/evaluate", new { versions = Array.Empty<string>(), traces = new[] { good } }, 400, "invalid-evaluation");
        await AssertProblemAsync(client, "/api/v4/rl/evaluate", new { versions = new[] { "x" }, traces = new[] { good }, scoreFrom = 1.5 }, 400, "invalid-evaluation");

        await AssertProblemAsync(client, "/api/v4/rl/policies/builtin/role", new { role = "boss", actor = "a" }, 400, "invalid-role");
        await AssertProblemAsync(client, "/api/v4/rl/policies/builtin/role", new { role = "3", actor = "a" }, 400, "invalid-role");
        await AssertProblemAsync(client, "/api/v4/rl/policies/builtin/role", new { role = "training", actor = "a" }, 400, "invalid-role");
        await AssertProblemAsync(client, "/api/v4/rl/policies/builtin/role", new { role = "candidate", trafficShare = 0.9, actor = "a" }, 400, "invalid-role");
        await AssertProblemAsync(client, "/api/v4/rl/policies/builtin/role", new { role = "shadow", trafficShare = 0.1, actor = "a" }, 400, "invalid-role");
        await AssertProblemAsync(client, "/api/v4/rl/policies/dqn-999/role", new { role = "shadow", actor = "a" }, 404, "unknown-policy");
        await AssertProblemAsync(client, "/api/v4/rl/policies/builtin/role", new { role = "retired", actor = "a" }, 409, "role-conflict");
        await HttpJson.AssertProblemAsync(await client.GetAsync("/api/v4/rl/policies/dqn-999"), 404, "unknown-policy");
    }

    private static async Task AssertProblemAsync(HttpClient client, string path, object body, int status, string type) =>
        await HttpJson.AssertProblemAsync(await client.PostAsJsonAsync(path, body, HttpJson.Options), status, type);

    private static async Task<PolicyVersion> WaitTrainedAsync(HttpClient client, string version)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            var info = (await client.GetFromJsonAsync<PolicyVersion>($"/api/v4/rl/policies/{version}", HttpJson.Options))!;
            if (info.Role != PolicyRole.Training)
            {
                Assert.True(info.Role == PolicyRole.Retired, $"{version} ended {info.Role}: {info.Training?.Error}");
                return info;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"{version} still training after 2 minutes");
            await Task.Delay(100);
        }
    }
}
