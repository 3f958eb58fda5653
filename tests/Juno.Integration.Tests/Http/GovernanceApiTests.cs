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
        var held = pending.EnumerateArray().Single(p => p.GetProperty("action").GetProperty("actionId").GetGuid() == proposal);
        var hash = held.GetProperty("parametersHash").GetString();
        Assert.Matches("^[0-9a-f]{64}$", hash);
        // The explanation comes with it: every input that made up the risk, with what it added.
        var factors = held.GetProperty("factors").EnumerateArray().ToList();
        Assert.Equal(["action type", "blast radius", "uncertainty", "failure history"], factors.Select(f => f.GetProperty("name").GetString()));
        Assert.Equal(held.GetProperty("risk").GetDouble(), factors.Sum(f => f.GetProperty("contribution").GetDouble()), 6);

        var response = await SendAsync(client, $"/api/v4/governance/{proposal}/approve", SiloHostFactory.ApproverKey, new { comment = "go", parametersHash = hash });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var decision = await response.Content.ReadFromJsonAsync<GovernanceDecision>(HttpJson.Options);
        Assert.Equal(Verdict.Approved, decision!.Verdict);
        Assert.Equal("carol", decision.DecidedBy);
        Assert.NotEmpty(decision.Factors);
        Assert.True(decision.Outcome!.Succeeded, decision.Outcome.Detail);
        Assert.Single(host.Services.GetRequiredService<SimulatedCluster>().Executed, c => c.ActionId == proposal);
    }

    [Fact]
    public async Task TheKeyNotTheRequestNamesTheActorOfARejection()
    {
        var proposal = await HoldAsync("http-reject");
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v4/governance/{proposal}/reject");
        request.Headers.Add("X-Juno-Actor", "mallory");
        request.Headers.Add("X-Api-Key", SiloHostFactory.ApproverKey);

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var decision = await response.Content.ReadFromJsonAsync<GovernanceDecision>(HttpJson.Options);
        Assert.Equal(Verdict.Rejected, decision!.Verdict);
        Assert.Equal("carol", decision.DecidedBy);
        Assert.DoesNotContain(host.Services.GetRequiredService<SimulatedCluster>().Executed, c => c.ActionId == proposal);
    }

    [Fact]
    public async Task ApprovalProblemsAreReportedAndTheHeldActionSurvivesThem()
    {
        var proposal = await HoldAsync("http-bad");
        using var client = host.CreateClient();
        var hash = (await Governance().GetPending()).Single(p => p.Action.ActionId == proposal).ParametersHash;
        var key = SiloHostFactory.ApproverKey;

        await HttpJson.AssertProblemAsync(await client.PostAsJsonAsync($"/api/v4/governance/{proposal}/approve", new { actor = "erin", parametersHash = hash }), 401, "unauthenticated");
        await HttpJson.AssertProblemAsync(await SendAsync(client, $"/api/v4/governance/{proposal}/approve", "not-a-known-key-at-all", new { parametersHash = hash }), 401, "unauthenticated");
        await HttpJson.AssertProblemAsync(await SendAsync(client, $"/api/v4/governance/{proposal}/approve", SiloHostFactory.AcmeApproverKey, new { parametersHash = hash }), 403, "forbidden");
        await HttpJson.AssertProblemAsync(await SendAsync(client, $"/api/v4/governance/{Guid.NewGuid()}/approve", key, new { parametersHash = hash }), 404, "unknown-action");
        await HttpJson.AssertProblemAsync(await SendAsync(client, "/api/v4/governance/not-a-guid/approve", key, new { parametersHash = hash }), 400, "invalid-action-id");
        await HttpJson.AssertProblemAsync(await SendAsync(client, $"/api/v4/governance/{proposal}/approve", key, new { comment = "no hash" }), 400, "missing-parameters-hash");
        await HttpJson.AssertProblemAsync(await SendAsync(client, $"/api/v4/governance/{proposal}/approve", key, new { parametersHash = new string('0', 64) }), 409, "approval-mismatch");
        using (var malformed = new HttpRequestMessage(HttpMethod.Post, $"/api/v4/governance/{proposal}/approve") { Content = HttpJson.Raw("{\"actor\":") })
        {
            malformed.Headers.Add("X-Api-Key", key);
            await HttpJson.AssertProblemAsync(await client.SendAsync(malformed), 400, "malformed-json");
        }

        Assert.Contains(await Governance().GetPending(), p => p.Action.ActionId == proposal);
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

    [Fact]
    public async Task PoliciesAreReadByAnyoneChangedAndRolledBackByAnAdminOnly()
    {
        const string Tenant = "policy-http";
        using var client = host.CreateClient();
        var path = $"/api/v4/governance/policy?tenant={Tenant}";
        var policy = GovernancePolicy.Default with { AlwaysHuman = [Contracts.Actions.ActionKind.ScaleIn] };

        var before = await client.GetFromJsonAsync<EffectivePolicy>(path, HttpJson.Options);
        Assert.False(before!.TenantOverride);
        Assert.Equal(Enum.GetValues<Contracts.Actions.ActionKind>().Length - 1, before.Thresholds.Length);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PutAsJsonAsync(path, new { policy, reason = "x" }, HttpJson.Options)).StatusCode);
        await HttpJson.AssertProblemAsync(await PutAsync(client, path, SiloHostFactory.ApproverKey, new { policy, reason = "x" }), 403, "forbidden");
        await HttpJson.AssertProblemAsync(await PutAsync(client, path, SiloHostFactory.AdminKey, new { policy = policy with { RateLimits = new RateLimits(5, 6, 1) } }), 400, "invalid-policy");
        await HttpJson.AssertProblemAsync(await PutAsync(client, path, SiloHostFactory.AdminKey, new { reason = "no policy" }), 400, "invalid-policy");
        await HttpJson.AssertProblemAsync(await PutAsync(client, "/api/v4/governance/policy?tenant=Bad_Tenant", SiloHostFactory.AdminKey, new { policy }), 400, "invalid-key");

        var response = await PutAsync(client, path, SiloHostFactory.AdminKey, new { policy, reason = "scale-ins need a person for this tenant" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var set = await response.Content.ReadFromJsonAsync<EffectivePolicy>(HttpJson.Options);
        Assert.True(set!.TenantOverride);
        Assert.True(set.Thresholds.Single(t => t.Kind == Contracts.Actions.ActionKind.ScaleIn).AlwaysHuman);

        var adaptations = await client.GetFromJsonAsync<GovernanceAdaptation[]>("/api/v4/governance/adaptations", HttpJson.Options);
        var change = adaptations!.First(a => a.Parameter == "policy" && a.Tenant == Tenant);
        Assert.Equal("root", change.Actor);
        Assert.Equal("scale-ins need a person for this tenant", change.Reason);

        var rollbackPath = $"/api/v4/governance/adaptations/{change.Id}/rollback";
        await HttpJson.AssertProblemAsync(await SendAsync(client, rollbackPath, SiloHostFactory.ApproverKey, new { comment = "x" }), 403, "forbidden");
        await HttpJson.AssertProblemAsync(await SendAsync(client, "/api/v4/governance/adaptations/999999/rollback", SiloHostFactory.AdminKey, new { comment = "x" }), 404, "unknown-adaptation");
        await HttpJson.AssertProblemAsync(await SendAsync(client, "/api/v4/governance/adaptations/abc/rollback", SiloHostFactory.AdminKey, new { comment = "x" }), 400, "invalid-adaptation-id");
        var rolledBack = await SendAsync(client, rollbackPath, SiloHostFactory.AdminKey, new { comment = "back to the cluster's" });
        Assert.Equal(HttpStatusCode.OK, rolledBack.StatusCode);
        Assert.Equal(change.Id, (await rolledBack.Content.ReadFromJsonAsync<GovernanceAdaptation>(HttpJson.Options))!.RollsBack);
        var after = await client.GetFromJsonAsync<EffectivePolicy>(path, HttpJson.Options);
        Assert.False(after!.Thresholds.Single(t => t.Kind == Contracts.Actions.ActionKind.ScaleIn).AlwaysHuman);
        await HttpJson.AssertProblemAsync(await client.GetAsync("/api/v4/governance/adaptations?limit=0"), 400, "invalid-parameter");
    }

    private static async Task<HttpResponseMessage> PutAsync(HttpClient client, string path, string key, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = JsonContent.Create(body, options: HttpJson.Options) };
        request.Headers.Add("X-Api-Key", key);
        return await client.SendAsync(request);
    }

    private IGovernanceGrain Governance() =>
        host.Services.GetRequiredService<IGrainFactory>().GetGrain<IGovernanceGrain>(SiloHostFactory.Cluster);

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string path, string key, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: HttpJson.Options) };
        request.Headers.Add("X-Api-Key", key);
        return await client.SendAsync(request);
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
