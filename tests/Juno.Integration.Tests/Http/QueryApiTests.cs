using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Juno.Contracts.Keys;
using Juno.Integration.Tests.Infrastructure;
using Xunit;

namespace Juno.Integration.Tests.Http;

[Collection(SiloHostCollection.Name)]
public sealed class QueryApiTests(SiloHostFactory host)
{
    [Fact]
    public async Task ForecastHasThreeHorizonsWithNestedIntervalsForEveryMetricReceived()
    {
        var entity = EntityKeys.Workload("acme", SiloHostFactory.Cluster, "shop", "forecast");
        using var client = host.CreateClient();
        var start = DateTimeOffset.UtcNow.AddHours(-6);
        var samples = Enumerable.Range(0, 360).SelectMany(i => new[]
        {
            HttpJson.Sample(entity, "cpu", start.AddMinutes(i), (0.5 + 0.1 * Math.Sin(i / 30.0)).ToString("R", System.Globalization.CultureInfo.InvariantCulture)),
            HttpJson.Sample(entity, "request_rate", start.AddMinutes(i), (200 + 20 * Math.Sin(i / 30.0)).ToString("R", System.Globalization.CultureInfo.InvariantCulture)),
        });
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync("/api/v1/samples", HttpJson.Raw(HttpJson.Batch([.. samples])))).StatusCode);

        var report = await client.GetFromJsonAsync<JsonElement>($"/api/v4/scaling/forecast?workload={entity}", HttpJson.Options);

        Assert.Equal(entity, report.GetProperty("entity").GetString());
        var metrics = report.GetProperty("metrics").EnumerateArray().ToArray();
        Assert.Equal(["Cpu", "RequestRate"], metrics.Select(m => m.GetProperty("metric").GetString()));
        foreach (var metric in metrics)
        {
            var horizons = metric.GetProperty("horizons").EnumerateArray().ToArray();
            Assert.Equal(["15m", "1h", "24h"], horizons.Select(h => h.GetProperty("horizon").GetString()));
            foreach (var h in horizons)
            {
                double Get(string name) => h.GetProperty(name).GetDouble();
                Assert.True(Get("lower95") <= Get("lower80") && Get("lower80") <= Get("mean") && Get("mean") <= Get("upper80") && Get("upper80") <= Get("upper95"),
                    $"intervals not nested at {h.GetProperty("horizon")}: {h}");
            }
        }
    }

    [Theory]
    [InlineData("/api/v4/scaling/forecast", 400, "missing-parameter")]
    [InlineData("/api/v4/scaling/forecast?workload=acme/http/shop", 400, "invalid-key")]
    [InlineData("/api/v4/scaling/forecast?workload=ACME/http/shop/x", 400, "invalid-key")]
    [InlineData("/api/v4/scaling/forecast?workload=acme/http/shop/never-seen", 404, "unknown-entity")]
    [InlineData("/api/v4/healing/incidents?limit=0", 400, "invalid-parameter")]
    [InlineData("/api/v4/healing/incidents?cluster=Bad_Cluster", 400, "invalid-key")]
    [InlineData("/api/v4/governance/pending?cluster=Bad_Cluster", 400, "invalid-key")]
    public async Task BadQueriesGetProblemDetails(string url, int status, string type)
    {
        using var client = host.CreateClient();

        var response = await client.GetAsync(url);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal($"https://juno.dev/problems/{type}", (await HttpJson.ReadProblemAsync(response)).GetProperty("type").GetString());
    }

    [Fact]
    public async Task OperationsStatusReportsTheProvidersChosenByConfiguration()
    {
        var entity = EntityKeys.Workload("acme", SiloHostFactory.Cluster, "shop", "status");
        using var client = host.CreateClient();
        await client.PostAsync("/api/v1/samples", HttpJson.Raw(HttpJson.Batch(HttpJson.Sample(entity, "cpu", DateTimeOffset.UtcNow.AddMinutes(-1), "0.3"))));

        var status = await client.GetFromJsonAsync<JsonElement>("/api/v4/operations/status", HttpJson.Options);

        Assert.Equal(SiloHostFactory.Cluster, status.GetProperty("cluster").GetString());
        Assert.True(status.GetProperty("storage").GetProperty("durable").GetBoolean());
        Assert.Equal("simulated", status.GetProperty("actuator").GetString());
        Assert.EndsWith("CPU", status.GetProperty("inferenceProviders").GetProperty("q-network").GetString());
        Assert.Contains(entity, status.GetProperty("workloads").EnumerateArray().Select(w => w.GetString()));
        Assert.Equal(10, status.GetProperty("governance").GetProperty("rateLimitPerMinute").GetInt32());
    }

    [Fact]
    public async Task HealthReadinessIncidentsAndDashboardAnswer()
    {
        using var client = host.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/ready")).StatusCode);
        var incidents = await client.GetFromJsonAsync<JsonElement>("/api/v4/healing/incidents?limit=5", HttpJson.Options);
        Assert.Equal(JsonValueKind.Array, incidents.ValueKind);
        var dashboard = await client.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Equal("text/html", dashboard.Content.Headers.ContentType?.MediaType);
    }
}
