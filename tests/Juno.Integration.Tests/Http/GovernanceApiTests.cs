using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Juno.Actuation.Simulation;
using Juno.Contracts.Governance;
using Juno.Contracts.Grains;
using Juno.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Juno.Integration.Tests.Http;

[Collection(SiloHostCollection.Name)]
public sealed class GovernanceApiTests(SiloHostFactory host)
{
    [Fact]
    public async Task HeldActionIsListedThenApprovedOverHttpAndExecuted()
    {
        var proposal = await HoldAsync("http-approve");
        using var client = host.CreateClient();

        var pending = await client.GetFromJsonAsync<JsonElement>("/api/v4/governance/pending", HttpJson.Options);
        Assert.Contains(pending.EnumerateArray(), p => p.GetProperty("action").GetProperty("actionId").GetGuid() == proposal);

        var response = await client.PostAsJsonAsync($"/api/v4/governance/{proposal}/approve", new { actor = "carol", comment = "go" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var decision = await response.Content.ReadFromJsonAsync<GovernanceDecision>(HttpJson.Options);
        Assert.Equal(Verdict.Approved, decision!.Verdict);
        Assert.Equal("carol", decision.DecidedBy);
        Assert.True(decision.Outcome!.Succeeded, decision.Outcome.Detail);
        Assert.Single(host.Services.GetRequiredService<SimulatedCluster>().Executed, c => c.ActionId == proposal);
    }

    [Fact]
    public async Task HeldActionRejectedOverHttpWithTheActorFromTheHeaderNeverRuns()
    {
        var proposal = await HoldAsync("http-reject");
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v4/governance/{proposal}/reject");
        request.Headers.Add("X-Juno-Actor", "dave");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var decision = await response.Content.ReadFromJsonAsync<GovernanceDecision>(HttpJson.Options);
        Assert.Equal(Verdict.Rejected, decision!.Verdict);
        Assert.Equal("dave", decision.DecidedBy);
        Assert.DoesNotContain(host.Services.GetRequiredService<SimulatedCluster>().Executed, c => c.ActionId == proposal);
    }

    [Fact]
    public async Task ApprovalProblemsAreReportedAndTheHeldActionSurvivesThem()
    {
        var proposal = await HoldAsync("http-bad");
        using var client = host.CreateClient();

        await HttpJson.AssertProblemAsync(await client.PostAsJsonAsync($"/api/v4/governance/{Guid.NewGuid()}/approve", new { actor = "erin" }), 404, "unknown-action");
        await HttpJson.AssertProblemAsync(await client.PostAsJsonAsync("/api/v4/governance/not-a-guid/approve", new { actor = "erin" }), 400, "invalid-action-id");
        await HttpJson.AssertProblemAsync(await client.PostAsync($"/api/v4/governance/{proposal}/approve", null), 400, "missing-actor");
        await HttpJson.AssertProblemAsync(await client.PostAsync($"/api/v4/governance/{proposal}/approve", HttpJson.Raw("{\"actor\":")), 400, "malformed-json");

        var pending = await host.Services.GetRequiredService<IGrainFactory>().GetGrain<IGovernanceGrain>(SiloHostFactory.Cluster).GetPending();
        Assert.Contains(pending, p => p.Action.ActionId == proposal);
    }

    /// <summary>A restart proposal for a tenant that tolerates almost no risk: governance holds it.</summary>
    private async Task<Guid> HoldAsync(string name)
    {
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var tenant = $"{name}-tenant";
        await grains.GetGrain<ITenantGrain>(tenant).SetPolicy(new TenantPolicy(0.05, 1, 20));
        host.Services.GetRequiredService<SimulatedCluster>().AddDeployment("shop", name, new SimulatedWorkloadProfile { BaseRequestRate = 100, PodCapacity = 50 }, replicas: 3);
        var proposal = Proposals.Restart(tenant, SiloHostFactory.Cluster, "shop", name, 3, DateTimeOffset.UtcNow);
        var decision = await grains.GetGrain<IGovernanceGrain>(SiloHostFactory.Cluster).Submit(proposal);
        Assert.Equal(Verdict.Held, decision.Verdict);
        return proposal.ActionId;
    }
}
