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

    [Fact]
    public async Task TheAuditVerifierReportsAnEditedRowOverHttp()
    {
        // A cluster of its own, so tampering with it leaves the other tests' chains alone.
        const string Cluster = "tampered";
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var refused = Proposals.Restart("acme", Cluster, "shop", "audit", 3, DateTimeOffset.UtcNow) with { Kind = Contracts.Actions.ActionKind.Hold };
        Assert.Equal(Verdict.Refused, (await grains.GetGrain<IGovernanceGrain>(Cluster).Submit(refused)).Verdict);
        using var client = host.CreateClient();

        var intact = await client.GetFromJsonAsync<AuditChainReport>($"/api/v4/governance/audit/verify?cluster={Cluster}", HttpJson.Options);
        Assert.True(intact!.Valid, intact.Problem);
        Assert.Equal(2, intact.RowsChecked);
        Assert.True((await client.GetFromJsonAsync<AuditChainReport>("/api/v4/governance/audit/verify", HttpJson.Options))!.Valid);

        await using (var connection = new Npgsql.NpgsqlConnection(host.ConnectionString))
        {
            await connection.OpenAsync();
            await using var tamper = new Npgsql.NpgsqlCommand(
                "ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only; "
                + $"UPDATE audit_log SET actor = 'mallory' WHERE cluster = '{Cluster}' AND event = 'decided'; "
                + "ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only;", connection);
            Assert.Equal(1, await tamper.ExecuteNonQueryAsync());
        }

        var broken = await client.GetFromJsonAsync<AuditChainReport>($"/api/v4/governance/audit/verify?cluster={Cluster}", HttpJson.Options);
        Assert.False(broken!.Valid);
        Assert.NotNull(broken.FirstBrokenSequence);
        Assert.False(string.IsNullOrEmpty(broken.Problem));
        await HttpJson.AssertProblemAsync(await client.GetAsync("/api/v4/governance/audit/verify?cluster=Not_A_Cluster"), 400, "invalid-key");
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
