using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Juno.Actuation.Simulation;
using Juno.Contracts.Governance;
using Juno.Contracts.Keys;
using Juno.Contracts.Scaling;
using Juno.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Juno.Integration.Tests.Http;

/// <summary><c>/api/v4/scaling</c> plan, execute and history over HTTP on the real silo host with PostgreSQL.</summary>
[Collection(SiloHostCollection.Name)]
public sealed class ScalingApiTests(SiloHostFactory host)
{
    [Fact]
    public async Task APlanFollowsTheDailyDemandAndABudgetCapsItsPeak()
    {
        var entity = EntityKeys.Workload("acme", SiloHostFactory.Cluster, "shop", "plan");
        using var client = host.CreateClient();
        await PostDailyDemandAsync(client, entity, days: 3);

        var plan = await PlanAsync(client, new { workload = entity, podCapacity = 50, startupSeconds = 120, podHourCost = 0.1 });

        Assert.Equal(24, plan.Hours.Length);
        Assert.All(plan.Hours, h =>
        {
            Assert.True(h.DemandUpper80 >= h.DemandMean, $"{h.Start}: upper {h.DemandUpper80} below mean {h.DemandMean}");
            Assert.Equal(Math.Max(1, (int)Math.Ceiling(h.DemandUpper80 / (50 * 0.75))), h.NeededReplicas);
            Assert.Equal(h.NeededReplicas, h.Replicas);
            Assert.False(h.Short);
        });
        // Demand swings 100 -> 500 req/s over the day, so the plan must too.
        Assert.True(plan.Hours.Max(h => h.Replicas) >= 2 * plan.Hours.Min(h => h.Replicas), string.Join(",", plan.Hours.Select(h => h.Replicas)));
        Assert.Equal(plan.Hours.Sum(h => h.Replicas), plan.PodHours, 9);
        Assert.Equal(plan.PodHours * 0.1, plan.Cost, 9);
        Assert.True(plan.WithinBudget);
        Assert.Null(plan.ReplicaCap);

        var budget = plan.Cost * 0.8;
        var capped = await PlanAsync(client, new { workload = entity, podCapacity = 50, startupSeconds = 120, podHourCost = 0.1, budget });

        Assert.True(capped.WithinBudget);
        Assert.True(capped.Cost <= budget + 1e-9, $"cost {capped.Cost} over budget {budget}");
        Assert.NotNull(capped.ReplicaCap);
        Assert.All(capped.Hours, h => Assert.Equal(Math.Min(h.NeededReplicas, capped.ReplicaCap!.Value), h.Replicas));
        Assert.Contains(capped.Hours, h => h.Short);
    }

    [Fact]
    public async Task BadPlanRequestsGetProblemDetails()
    {
        var entity = EntityKeys.Workload("acme", SiloHostFactory.Cluster, "shop", "plan-bad");
        using var client = host.CreateClient();

        await HttpJson.AssertProblemAsync(await client.PostAsJsonAsync("/api/v4/scaling/plan", new { workload = entity, podCapacity = 50, startupSeconds = 60 }), 404, "unknown-entity");
        await PostDailyDemandAsync(client, entity, days: 1);
        await HttpJson.AssertProblemAsync(await client.PostAsJsonAsync("/api/v4/scaling/plan", new { workload = entity, podCapacity = 0, startupSeconds = 60 }), 400, "invalid-plan");
        await HttpJson.AssertProblemAsync(await client.PostAsJsonAsync("/api/v4/scaling/plan", new { workload = entity, podCapacity = 50 }), 400, "invalid-plan");
        await HttpJson.AssertProblemAsync(await client.PostAsJsonAsync("/api/v4/scaling/plan", new { workload = entity, podCapacity = 50, startupSeconds = 60, hours = 500 }), 400, "invalid-plan");
        await HttpJson.AssertProblemAsync(await client.PostAsJsonAsync("/api/v4/scaling/plan", new { workload = entity, podCapacity = 50, startupSeconds = 60, minReplicas = 5, maxReplicas = 2 }), 400, "invalid-plan");
        await HttpJson.AssertProblemAsync(await client.PostAsJsonAsync("/api/v4/scaling/plan", new { workload = entity, podCapacity = 50, startupSeconds = 60, budget = -1 }), 400, "invalid-plan");
        await HttpJson.AssertProblemAsync(await client.PostAsJsonAsync("/api/v4/scaling/plan", new { workload = "acme/http/shop", podCapacity = 50, startupSeconds = 60 }), 400, "invalid-key");
        await HttpJson.AssertProblemAsync(await client.PostAsJsonAsync("/api/v4/scaling/plan", new { podCapacity = 50, startupSeconds = 60 }), 400, "missing-parameter");
        await HttpJson.AssertProblemAsync(await client.PostAsync("/api/v4/scaling/plan", HttpJson.Raw("{\"workload\":")), 400, "malformed-json");
        await HttpJson.AssertProblemAsync(await client.PostAsync("/api/v4/scaling/plan", HttpJson.Raw($"{{\"workload\":\"{new string('x', 20_000)}\"}}")), 413, "payload-too-large");
    }

    [Fact]
    public async Task AnExecutedScaleGoesThroughGovernanceRunsOnceAndIsInTheHistory()
    {
        const string Name = "exec-web";
        var entity = EntityKeys.Workload("acme", SiloHostFactory.Cluster, "shop", Name);
        var cluster = host.Services.GetRequiredService<SimulatedCluster>();
        cluster.AddDeployment("shop", Name, new SimulatedWorkloadProfile { BaseRequestRate = 100, PodCapacity = 50 }, replicas: 3);
        using var client = host.CreateClient();

        // A dry run first: what governance would decide and what the cluster says it would do; nothing changes or is recorded.
        var dry = await client.PostAsJsonAsync("/api/v4/scaling/execute", new { workload = entity, replicas = 4, actor = "sre-oncall", dryRun = true });
        Assert.Equal(HttpStatusCode.OK, dry.StatusCode);
        var preview = await dry.Content.ReadFromJsonAsync<GovernanceDecision>(HttpJson.Options);
        Assert.True(preview!.DryRun);
        Assert.Equal(Verdict.AutoApproved, preview.Verdict);
        Assert.StartsWith($"dry run: deployment shop/{Name} would scale from 3 to 4", preview.Outcome!.Detail);
        Assert.DoesNotContain(cluster.Executed, c => c.Name == Name);
        Assert.Equal(3, cluster.Deployments.Single(d => d.Name == Name).DesiredReplicas);
        Assert.Null(await host.Services.GetRequiredService<Juno.Storage.IJunoRecordStore>().GetActionAsync(preview.ActionId));

        var response = await client.PostAsJsonAsync("/api/v4/scaling/execute", new { workload = entity, replicas = 4, actor = "sre-oncall", reason = "launch tomorrow" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var decision = await response.Content.ReadFromJsonAsync<GovernanceDecision>(HttpJson.Options);
        Assert.Equal(Verdict.AutoApproved, decision!.Verdict);
        Assert.True(decision.Outcome!.Succeeded, decision.Outcome.Detail);
        Assert.Single(cluster.Executed, c => c.ActionId == decision.ActionId);
        Assert.Equal(4, cluster.Deployments.Single(d => d.Name == Name).DesiredReplicas);

        var history = await client.GetFromJsonAsync<ScalingRecord[]>($"/api/v4/scaling/history?workload={entity}", HttpJson.Options);
        var record = Assert.Single(history!);
        Assert.Equal((decision.ActionId, $"shop/{Name}", 3, 4, true), (record.ActionId, record.Entity, record.FromReplicas, record.ToReplicas, record.Succeeded));
        Assert.Contains(await client.GetFromJsonAsync<ScalingRecord[]>($"/api/v4/scaling/history?cluster={SiloHostFactory.Cluster}&limit=1000", HttpJson.Options) ?? [],
            r => r.ActionId == decision.ActionId);
        Assert.Empty(await client.GetFromJsonAsync<ScalingRecord[]>($"/api/v4/scaling/history?workload={entity}&since={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(5).ToString("O"))}", HttpJson.Options) ?? []);

        // Asking for what it already has changes nothing and reaches nobody.
        await HttpJson.AssertProblemAsync(await client.PostAsJsonAsync("/api/v4/scaling/execute", new { workload = entity, replicas = 4, actor = "sre-oncall" }), 400, "invalid-replicas");
        Assert.Single(cluster.Executed, c => c.Name == Name);
    }

    [Fact]
    public async Task BadExecuteAndHistoryRequestsGetProblemDetails()
    {
        var entity = EntityKeys.Workload("acme", SiloHostFactory.Cluster, "shop", "never-deployed");
        using var client = host.CreateClient();

        await HttpJson.AssertProblemAsync(await client.PostAsJsonAsync("/api/v4/scaling/execute", new { workload = entity, replicas = 4, actor = "sre" }), 404, "unknown-workload");
        await HttpJson.AssertProblemAsync(await client.PostAsJsonAsync("/api/v4/scaling/execute", new { workload = entity, replicas = 4 }), 400, "missing-actor");
        await HttpJson.AssertProblemAsync(await client.PostAsJsonAsync("/api/v4/scaling/execute", new { workload = entity, replicas = 0, actor = "sre" }), 400, "invalid-replicas");
        await HttpJson.AssertProblemAsync(await client.PostAsJsonAsync("/api/v4/scaling/execute", new { workload = entity, actor = "sre" }), 400, "invalid-replicas");
        await HttpJson.AssertProblemAsync(await client.PostAsync("/api/v4/scaling/execute", HttpJson.Raw("[]")), 400, "malformed-json");
        await HttpJson.AssertProblemAsync(await client.GetAsync("/api/v4/scaling/history?workload=acme/http"), 400, "invalid-key");
        await HttpJson.AssertProblemAsync(await client.GetAsync($"/api/v4/scaling/history?workload={entity}&cluster=other"), 400, "invalid-parameter");
        await HttpJson.AssertProblemAsync(await client.GetAsync("/api/v4/scaling/history?limit=0"), 400, "invalid-parameter");
        await HttpJson.AssertProblemAsync(await client.GetAsync("/api/v4/scaling/history?cluster=Bad_Cluster"), 400, "invalid-key");
    }

    // Request rate over the last days at 5-minute steps: 300 ± 200 req/s, peaking mid-afternoon (UTC).
    private static async Task PostDailyDemandAsync(HttpClient client, string entity, int days)
    {
        var end = DateTimeOffset.UtcNow.AddMinutes(-1);
        var start = end.AddDays(-days);
        var samples = new List<string>();
        for (var at = start; at <= end; at = at.AddMinutes(5))
        {
            var rate = 300 - (200 * Math.Cos(2 * Math.PI * (at.TimeOfDay.TotalHours - 3) / 24));
            samples.Add(HttpJson.Sample(entity, "request_rate", at, rate.ToString("R", CultureInfo.InvariantCulture)));
        }

        var response = await client.PostAsync("/api/v1/samples", HttpJson.Raw(HttpJson.Batch([.. samples])));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private static async Task<CapacityPlan> PlanAsync(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/api/v4/scaling/plan", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CapacityPlan>(HttpJson.Options))!;
    }
}
