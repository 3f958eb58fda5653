using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Juno.Contracts.Threats;
using Juno.Integration.Tests.Infrastructure;
using Xunit;

namespace Juno.Integration.Tests.Http;

/// <summary><c>/api/v4/threats</c> over HTTP on the real silo host with PostgreSQL.</summary>
[Collection(SiloHostCollection.Name)]
public sealed class ThreatsApiTests(SiloHostFactory host)
{
    [Fact]
    public async Task BehaviourIsAnalysedAnAttackIsListedAndAFalsePositiveMarkClosesIt()
    {
        using var client = host.CreateClient();
        var entity = $"sec/{SiloHostFactory.Cluster}/shop/http-fp";
        var behaviour = new Behaviour(seed: 11, DateTimeOffset.UtcNow.AddDays(-3));

        var warm = await PostBehaviourAsync(client, entity, behaviour.Normal(400));
        Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        var warmed = await warm.Content.ReadFromJsonAsync<ThreatAnalysis>(HttpJson.Options);
        Assert.Equal(400, warmed!.Accepted);
        Assert.True(warmed.Warm);
        Assert.Empty(warmed.Raised);

        var attack = await (await PostBehaviourAsync(client, entity, [behaviour.Intrusion()])).Content.ReadFromJsonAsync<ThreatAnalysis>(HttpJson.Options);
        var alert = Assert.Single(attack!.Raised);
        Assert.Equal(ThreatCategory.Intrusion, alert.Category);

        var open = await client.GetFromJsonAsync<ThreatAlert[]>($"/api/v4/threats/alerts?entity={entity}", HttpJson.Options);
        Assert.Contains(open!, a => a.AlertId == alert.AlertId);
        var one = await client.GetFromJsonAsync<ThreatAlert>($"/api/v4/threats/alerts/{alert.AlertId}", HttpJson.Options);
        Assert.Contains(one!.Indicators, i => i.Signal == "auth_failures");

        var marked = await client.PostAsJsonAsync($"/api/v4/threats/alerts/{alert.AlertId}/false-positive", new { actor = "analyst", comment = "pen test" });
        Assert.Equal(HttpStatusCode.OK, marked.StatusCode);
        var result = await marked.Content.ReadFromJsonAsync<ThreatResponseResult>(HttpJson.Options);
        Assert.Equal(ThreatStatus.FalsePositive, result!.Alert.Status);

        Assert.DoesNotContain(await client.GetFromJsonAsync<ThreatAlert[]>($"/api/v4/threats/alerts?entity={entity}", HttpJson.Options) ?? [], a => a.AlertId == alert.AlertId);
        var history = await client.GetFromJsonAsync<ThreatAlert[]>($"/api/v4/threats/history?entity={entity}", HttpJson.Options);
        Assert.Equal(ThreatStatus.FalsePositive, Assert.Single(history!, a => a.AlertId == alert.AlertId).Status);

        await HttpJson.AssertProblemAsync(await client.PostAsJsonAsync("/api/v4/threats/respond", new { alertId = alert.AlertId, response = "dismiss", actor = "analyst" }), 409, "alert-closed");
    }

    [Fact]
    public async Task RespondingToAnAlertWithAnActionGoesThroughGovernance()
    {
        using var client = host.CreateClient();
        var entity = $"sec/{SiloHostFactory.Cluster}/shop/http-respond";
        var behaviour = new Behaviour(seed: 12, DateTimeOffset.UtcNow.AddDays(-3));
        await PostBehaviourAsync(client, entity, behaviour.Normal(400));
        var alert = Assert.Single((await (await PostBehaviourAsync(client, entity, [behaviour.Intrusion()])).Content.ReadFromJsonAsync<ThreatAnalysis>(HttpJson.Options))!.Raised);

        var response = await client.PostAsJsonAsync("/api/v4/threats/respond", new { alertId = alert.AlertId, response = "raise_monitoring", actor = "sec-oncall" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<ThreatResponseResult>(HttpJson.Options);
        Assert.NotNull(result!.Decision);
        Assert.Equal(result.Decision.ActionId, result.Alert.ActionId);
        Assert.Contains(result.Alert.Playbook, step => step.StartsWith("RaiseMonitoring proposed", StringComparison.Ordinal));
        Assert.Contains(result.Alert.Playbook, step => step.StartsWith("monitoring raised until", StringComparison.Ordinal));
        var decisions = await client.GetFromJsonAsync<JsonElement>("/api/v4/governance/decisions?limit=200", HttpJson.Options);
        Assert.Contains(decisions.EnumerateArray(), d => d.GetProperty("actionId").GetGuid() == result.Decision.ActionId);
    }

    [Fact]
    public async Task BadBehaviourIsRefusedWithProblemsThatNameTheFieldAndNothingIsApplied()
    {
        using var client = host.CreateClient();
        var entity = $"sec/{SiloHostFactory.Cluster}/shop/http-bad";
        var at = DateTimeOffset.UtcNow.AddMinutes(-10);
        string Sample(string egress, string at2) =>
            $$"""{"timestamp":"{{at2}}","connectionsOpened":3,"distinctDestinations":1,"egressBytes":{{egress}},"authFailures":0,"privilegedProcessStarts":0,"dnsQueries":4}""";

        await HttpJson.AssertProblemAsync(await client.PostAsync("/api/v4/threats/analyze", HttpJson.Raw($$"""{"kind":"workload","entity":"{{entity}}","samples":[{{Sample("NaN", at.ToString("O"))}}]}""")), 400, "malformed-json");
        var negative = await client.PostAsync("/api/v4/threats/analyze", HttpJson.Raw($$"""{"kind":"workload","entity":"{{entity}}","samples":[{{Sample("10", at.ToString("O"))}},{{Sample("-1", at.AddMinutes(5).ToString("O"))}}]}"""));
        var problem = await HttpJson.ReadProblemAsync(negative);
        Assert.Equal(400, (int)negative.StatusCode);
        Assert.Contains("samples[1]: egress_bytes", problem.GetProperty("errors")[0].GetString());
        await HttpJson.AssertProblemAsync(await client.PostAsync("/api/v4/threats/analyze", HttpJson.Raw($$"""{"kind":"tenant","entity":"sec","samples":[{{Sample("1", at.ToString("O"))}}]}""")), 400, "invalid-behaviour");
        await HttpJson.AssertProblemAsync(await client.PostAsync("/api/v4/threats/analyze", HttpJson.Raw($$"""{"kind":"workload","entity":"{{entity}}","samples":[]}""")), 400, "empty-batch");
        await HttpJson.AssertProblemAsync(await client.PostAsync("/api/v4/threats/analyze", HttpJson.Raw($$"""{"kind":"workload","entity":"{{entity}}","samples":[{{Sample("1", at.AddHours(1).ToString("O"))}}]}""")), 400, "invalid-behaviour");

        // The refused requests left nothing behind: the first valid sample is accepted, not stale.
        var accepted = await (await client.PostAsync("/api/v4/threats/analyze", HttpJson.Raw($$"""{"kind":"workload","entity":"{{entity}}","samples":[{{Sample("10", at.ToString("O"))}}]}"""))).Content.ReadFromJsonAsync<ThreatAnalysis>(HttpJson.Options);
        Assert.Equal(1, accepted!.Accepted);
    }

    [Fact]
    public async Task RespondProblemsAreNamed()
    {
        using var client = host.CreateClient();

        await HttpJson.AssertProblemAsync(await client.PostAsJsonAsync("/api/v4/threats/respond", new { alertId = Guid.NewGuid(), response = "dismiss", actor = "a" }), 404, "unknown-alert");
        await HttpJson.AssertProblemAsync(await client.PostAsJsonAsync("/api/v4/threats/respond", new { alertId = Guid.NewGuid(), response = "nuke", actor = "a" }), 400, "invalid-response");
        await HttpJson.AssertProblemAsync(await client.PostAsJsonAsync("/api/v4/threats/respond", new { response = "dismiss", actor = "a" }), 400, "missing-alert-id");
        await HttpJson.AssertProblemAsync(await client.PostAsJsonAsync("/api/v4/threats/respond", new { alertId = Guid.NewGuid(), response = "dismiss" }), 400, "missing-actor");
        await HttpJson.AssertProblemAsync(await client.PostAsync("/api/v4/threats/alerts/not-a-guid/false-positive", null), 400, "invalid-alert-id");
        await HttpJson.AssertProblemAsync(await client.GetAsync("/api/v4/threats/alerts?limit=0"), 400, "invalid-parameter");
        await HttpJson.AssertProblemAsync(await client.GetAsync($"/api/v4/threats/alerts/{Guid.NewGuid()}"), 404, "unknown-alert");
    }

    private static Task<HttpResponseMessage> PostBehaviourAsync(HttpClient client, string entity, BehaviourSample[] samples) =>
        client.PostAsJsonAsync("/api/v4/threats/analyze", new
        {
            kind = "workload",
            entity,
            samples = samples.Select(s => new
            {
                timestamp = DateTimeOffset.FromUnixTimeMilliseconds(s.TimestampMs),
                connectionsOpened = s.ConnectionsOpened,
                distinctDestinations = s.DistinctDestinations,
                egressBytes = s.EgressBytes,
                authFailures = s.AuthFailures,
                privilegedProcessStarts = s.PrivilegedProcessStarts,
                dnsQueries = s.DnsQueries,
                cpuUtilisation = s.CpuUtilisation,
            }),
        });
}
