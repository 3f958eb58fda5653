using System.Net;
using System.Net.Http.Json;
using Juno.Contracts.Healing;
using Juno.Contracts.Keys;
using Juno.Integration.Tests.Infrastructure;
using Xunit;

namespace Juno.Integration.Tests.Http;

/// <summary><c>/api/v4/healing/diagnose</c> and <c>/status</c> over HTTP on the real silo host.</summary>
[Collection(SiloHostCollection.Name)]
public sealed class HealingApiTests(SiloHostFactory host)
{
    [Fact]
    public async Task AWorkloadWhoseLatencyBreaksItsSloIsDiagnosedAndTheStatusAnswers()
    {
        using var client = host.CreateClient();
        var entity = EntityKeys.Workload("heal", SiloHostFactory.Cluster, "shop", "http-diag");
        var now = DateTimeOffset.UtcNow;
        var samples = new List<string>();
        for (var minute = 180; minute > 0; minute--)
        {
            var at = now.AddMinutes(-minute);
            var latency = minute <= 10 ? 900 : 120 + (minute % 7);
            samples.Add(HttpJson.Sample(entity, "latency_p95_ms", at, latency.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            samples.Add(HttpJson.Sample(entity, "error_rate", at, "0.001"));
        }

        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync("/api/v1/samples", HttpJson.Raw(HttpJson.Batch([.. samples])))).StatusCode);

        var response = await client.PostAsJsonAsync("/api/v4/healing/diagnose", new { kind = "workload", entity });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.Content.ReadFromJsonAsync<EntityDiagnosisReport>(HttpJson.Options);
        Assert.Equal(entity, report!.Entity);
        Assert.Equal("latency_p95_ms", report.Drivers[0].Metric);
        Assert.True(report.Breach.Within15Minutes > 0.9, report.Breach.Reason);
        Assert.NotEqual("none", report.Severity);

        var status = await client.GetFromJsonAsync<HealingStatus>("/api/v4/healing/status?windowHours=6", HttpJson.Options);
        Assert.Equal(SiloHostFactory.Cluster, status!.Cluster);
        Assert.Equal(TimeSpan.FromHours(6), status.Window);
    }

    [Fact]
    public async Task DiagnoseAndStatusProblemsAreNamed()
    {
        using var client = host.CreateClient();

        await HttpJson.AssertProblemAsync(await client.PostAsJsonAsync("/api/v4/healing/diagnose", new { kind = "tenant", entity = "heal" }), 400, "invalid-kind");
        await HttpJson.AssertProblemAsync(await client.PostAsJsonAsync("/api/v4/healing/diagnose", new { kind = "workload", entity = "not/a/key" }), 400, "invalid-key");
        await HttpJson.AssertProblemAsync(await client.PostAsync("/api/v4/healing/diagnose", HttpJson.Raw("{nope")), 400, "malformed-json");
        await HttpJson.AssertProblemAsync(await client.GetAsync("/api/v4/healing/status?windowHours=0"), 400, "invalid-parameter");
    }
}
