using Juno.Actuation.Simulation;
using Juno.Contracts.Actions;
using Juno.Contracts.Governance;
using Juno.Contracts.Grains;
using Juno.Contracts.Keys;
using Juno.Integration.Tests.Infrastructure;
using Juno.Storage;
using Xunit;

namespace Juno.Integration.Tests.Grains;

/// <summary>Governance policy per cluster and tenant on a real silo with PostgreSQL: always-human types, freezes,
/// blast-radius caps, nested rate limits, per-type breakers, adaptive thresholds and their rollback, policy changes
/// and their rollback, and approval expiry across a restart. Each test has its own cluster (its own governance grain).</summary>
public sealed class GovernancePolicyTests(GovernancePolicyTests.Fixture fixture) : IClassFixture<GovernancePolicyTests.Fixture>
{
    public sealed class Fixture : GrainClusterFixture;

    private static readonly SimulatedWorkloadProfile Profile = new() { BaseRequestRate = 100, PodCapacity = 50 };

    [Fact]
    public async Task AlwaysHumanTypesAndFreezesHoldWhatWouldOtherwiseRunAlone()
    {
        var (cluster, tenant) = await ScopeAsync("human");
        var now = fixture.Time.GetUtcNow();
        await SetPolicyAsync(cluster, null, GovernancePolicy.Default with
        {
            AlwaysHuman = [ActionKind.Restart],
            Freezes = [new FreezeWindow(now, now + TimeSpan.FromHours(1), "black friday")],
        });

        var restart = await SubmitAsync(cluster, Proposals.Restart(tenant, cluster, "shop", Deploy("human-a"), 4, now));
        var frozen = await SubmitAsync(cluster, Proposals.Scale(tenant, cluster, "shop", Deploy("human-b"), 4, 5, now));

        Assert.Equal(Verdict.Held, restart.Verdict);
        Assert.StartsWith("needs a person: policy sends every Restart to a person", restart.Reason);
        Assert.Equal(Verdict.Held, frozen.Verdict);
        Assert.Contains("change freeze until", frozen.Reason);
        Assert.Contains("black friday", frozen.Reason);

        fixture.Time.Advance(TimeSpan.FromHours(1));
        var thawed = await SubmitAsync(cluster, Proposals.Scale(tenant, cluster, "shop", Deploy("human-c"), 4, 5, fixture.Time.GetUtcNow()));
        Assert.Equal(Verdict.AutoApproved, thawed.Verdict);
        Assert.Equal(4, thawed.Factors.Length);
        Assert.Equal(thawed.Risk, thawed.Factors.Sum(f => f.Contribution), 9);
        Assert.Equal(0.9, thawed.Threshold);
    }

    [Fact]
    public async Task BlastRadiusCapsRefuseOversizedScalesAndTooManyCordonedNodes()
    {
        var (cluster, tenant) = await ScopeAsync("blast");
        await SetPolicyAsync(cluster, null, GovernancePolicy.Default with
        {
            MaxReplicaChangeShare = 0.5,
            MaxCordonedNodeShare = 0.2,
            AutoApproveAt = new() { [ActionKind.Cordon] = 0.95 },
        });
        var now = fixture.Time.GetUtcNow();

        var tooBig = await SubmitAsync(cluster, Proposals.Scale(tenant, cluster, "shop", Deploy("blast-a"), 4, 7, now));
        var halfMore = await SubmitAsync(cluster, Proposals.Scale(tenant, cluster, "shop", Deploy("blast-b"), 4, 6, now));
        Assert.Equal(Verdict.Refused, tooBig.Verdict);
        Assert.StartsWith("blast radius: 4->7 changes 75 % of the replicas; the cap is 50 %", tooBig.Reason);
        Assert.Equal(Verdict.AutoApproved, halfMore.Verdict);

        // Ten nodes at 20%: two may be cordoned, the third is refused.
        for (var i = 0; i < 10; i++)
        {
            fixture.Simulated.AddNode($"blast-node-{i}");
            await fixture.Grains.GetGrain<IEntityDirectoryGrain>(cluster).Register(EntityKind.Node, EntityKeys.Node(cluster, $"blast-node-{i}"));
        }

        var cordons = new List<GovernanceDecision>();
        for (var i = 0; i < 3; i++)
        {
            cordons.Add(await SubmitAsync(cluster, Cordon(tenant, cluster, $"blast-node-{i}", now)));
        }

        Assert.Equal([Verdict.AutoApproved, Verdict.AutoApproved, Verdict.Refused], cordons.Select(c => c.Verdict));
        Assert.All(cordons.Take(2), c => Assert.True(c.Outcome!.Succeeded, c.Outcome.Detail));
        Assert.StartsWith("blast radius: Juno already keeps 2 of 10 nodes cordoned", cordons[2].Reason);
    }

    [Fact]
    public async Task RateLimitsNestClusterTenantAndNamespace()
    {
        var (cluster, tenant) = await ScopeAsync("nested");
        var (_, other) = await ScopeAsync("nested-other");
        await SetPolicyAsync(cluster, null, GovernancePolicy.Default with { RateLimits = new RateLimits(10, 3, 2) });
        var now = fixture.Time.GetUtcNow();

        var a1 = await SubmitAsync(cluster, Proposals.Scale(tenant, cluster, "a", Deploy("n1", "a"), 4, 5, now));
        var a2 = await SubmitAsync(cluster, Proposals.Scale(tenant, cluster, "a", Deploy("n2", "a"), 4, 5, now));
        var a3 = await SubmitAsync(cluster, Proposals.Scale(tenant, cluster, "a", Deploy("n3", "a"), 4, 5, now));
        var b1 = await SubmitAsync(cluster, Proposals.Scale(tenant, cluster, "b", Deploy("n4", "b"), 4, 5, now));
        var c1 = await SubmitAsync(cluster, Proposals.Scale(tenant, cluster, "c", Deploy("n5", "c"), 4, 5, now));
        var elsewhere = await SubmitAsync(cluster, Proposals.Scale(other, cluster, "a", Deploy("n6", "a"), 4, 5, now));

        Assert.Equal([Verdict.AutoApproved, Verdict.AutoApproved, Verdict.Refused, Verdict.AutoApproved, Verdict.Refused, Verdict.AutoApproved],
            new[] { a1, a2, a3, b1, c1, elsewhere }.Select(d => d.Verdict));
        Assert.StartsWith("rate limit: 2 actions per minute already executed in namespace a", a3.Reason);
        Assert.StartsWith($"rate limit: 3 actions per minute already executed for tenant {tenant}", c1.Reason);
    }

    [Fact]
    public async Task FailingScaleInsOpenTheScaleInBreakerOnly()
    {
        var (cluster, tenant) = await ScopeAsync("typed-breaker");
        await SetPolicyAsync(cluster, null, GovernancePolicy.Default with { RateLimits = new RateLimits(20, 20, 20) });
        var now = fixture.Time.GetUtcNow();
        for (var i = 0; i < 5; i++)
        {
            // No such deployments: honest failures, and the scale-ins' own failure history raises their risk.
            var failed = await SubmitAsync(cluster, Proposals.Scale(tenant, cluster, "shop", $"typed-missing-{i}", 4, 3, now));
            Assert.False(failed.Outcome!.Succeeded);
        }

        var scaleIn = await SubmitAsync(cluster, Proposals.Scale(tenant, cluster, "shop", Deploy("typed-a"), 4, 3, now));
        var scale = await SubmitAsync(cluster, Proposals.Scale(tenant, cluster, "shop", Deploy("typed-b"), 4, 5, now));

        Assert.Equal(Verdict.Refused, scaleIn.Verdict);
        Assert.StartsWith("circuit breaker open for ScaleIn", scaleIn.Reason);
        Assert.Contains(scaleIn.Factors, f => f.Name == "failure history" && f.Value == 1);
        Assert.Equal(Verdict.AutoApproved, scale.Verdict);
        Assert.True(scale.Outcome!.Succeeded);
    }

    [Fact]
    public async Task AThresholdRisesAfterAWindowOfSuccessesFallsAfterFailuresAndRollsBack()
    {
        var (cluster, tenant) = await ScopeAsync("adaptive", riskTolerance: 0.4);
        await SetPolicyAsync(cluster, null, GovernancePolicy.Default with
        {
            Adaptive = AdaptiveTolerance.Default with { Window = 5 },
            RateLimits = new RateLimits(20, 20, 20),
        });
        var now = fixture.Time.GetUtcNow();
        for (var i = 0; i < 5; i++)
        {
            Assert.True((await SubmitAsync(cluster, Proposals.Scale(tenant, cluster, "shop", Deploy($"adapt-{i}"), 4, 5, now))).Outcome!.Succeeded);
        }

        var raised = Threshold(await Governance(cluster).GetPolicy(tenant), ActionKind.ScaleOut);
        Assert.Equal(0.4, raised.Configured);
        Assert.Equal(0.05, raised.AdaptiveOffset, 9);
        Assert.Equal(0.45, raised.Applied, 9);
        var adaptation = (await Governance(cluster).GetAdaptations(10)).First(a => a.Parameter == "auto_approve_offset.ScaleOut");
        Assert.Equal((0.0, 0.05), (adaptation.OldValue!.Value, Math.Round(adaptation.NewValue!.Value, 9)));
        Assert.StartsWith("5 of 5 ScaleOut actions succeeded (100 %)", adaptation.Reason);
        Assert.Equal("juno-governance", adaptation.Actor);

        // The next window: three successes and two failures (no such deployments), 60%, takes it back down one step.
        // (Two failures leave the breaker closed: 8 of the last 10 ScaleOuts succeeded.)
        fixture.Time.Advance(TimeSpan.FromMinutes(2));
        for (var i = 0; i < 5; i++)
        {
            var name = i < 3 ? Deploy($"adapt-again-{i}") : $"adapt-missing-{i}";
            Assert.Equal(i < 3, (await SubmitAsync(cluster, Proposals.Scale(tenant, cluster, "shop", name, 4, 5, fixture.Time.GetUtcNow()))).Outcome!.Succeeded);
        }

        Assert.Equal(0.40, Threshold(await Governance(cluster).GetPolicy(tenant), ActionKind.ScaleOut).Applied, 9);
        var lowered = (await Governance(cluster).GetAdaptations(10))[0];
        Assert.Contains("threshold lowered", lowered.Reason);

        var undo = await Governance(cluster).RollbackAdaptation(lowered.Id, "alice", "the failures were a test namespace");

        Assert.Equal(lowered.Id, undo.RollsBack);
        Assert.Equal("alice", undo.Actor);
        Assert.Equal(0.45, Threshold(await Governance(cluster).GetPolicy(tenant), ActionKind.ScaleOut).Applied, 9);
        Assert.Equal(undo.Id, (await Governance(cluster).GetAdaptations(1))[0].Id);
        await Assert.ThrowsAsync<UnknownAdaptationException>(() => Governance(cluster).RollbackAdaptation(999_999, "alice", "no such row"));
    }

    [Fact]
    public async Task ATenantPolicyReplacesTheClustersForItAndItsChangeRollsBack()
    {
        var (cluster, tenant) = await ScopeAsync("tenant-policy");
        var strict = GovernancePolicy.Default with { AutoApproveAt = new() { [ActionKind.ScaleOut] = 0.1 } };

        var set = await Governance(cluster).SetPolicy(new PolicyChange(tenant, strict, "root", "new tenant, careful"));

        Assert.True(set.TenantOverride);
        Assert.Equal(0.1, Threshold(set, ActionKind.ScaleOut).Applied);
        Assert.False((await Governance(cluster).GetPolicy(null)).TenantOverride);
        var held = await SubmitAsync(cluster, Proposals.Scale(tenant, cluster, "shop", Deploy("tp-a"), 4, 5, fixture.Time.GetUtcNow()));
        Assert.Equal(Verdict.Held, held.Verdict);
        var change = (await Governance(cluster).GetAdaptations(10)).First(a => a.Parameter == "policy");
        Assert.Equal(tenant, change.Tenant);
        Assert.Equal("root", change.Actor);
        Assert.Contains("\"new\"", change.EvidenceJson);

        await Governance(cluster).RollbackAdaptation(change.Id, "root", "too strict");

        Assert.Equal(0.9, Threshold(await Governance(cluster).GetPolicy(tenant), ActionKind.ScaleOut).Applied);
        var audit = await fixture.Records.ReadAuditAsync(cluster);
        Assert.Contains(audit, a => a.Event == "policy-changed" && a.Actor == "root");
        Assert.Contains(audit, a => a.Event == "adaptation-rolled-back");
        Assert.True((await Governance(cluster).VerifyAudit()).Valid);
        await Assert.ThrowsAsync<ArgumentException>(() => Governance(cluster).SetPolicy(
            new PolicyChange(null, GovernancePolicy.Default with { RateLimits = new RateLimits(5, 6, 1) }, "root", "bad")));
    }

    [Fact]
    public async Task AHeldActionExpiresOnTimeAfterARestartWithoutAnyoneCallingGovernance()
    {
        // The silo's own cluster: its governance grain is the one the silo wakes at start.
        const string Cluster = GrainClusterFixture.Cluster;
        var (_, tenant) = await ScopeAsync("expiry-restart", riskTolerance: 0.05);
        var proposal = Proposals.Restart(tenant, Cluster, "shop", Deploy("expiry-restart-web"), 4, fixture.Time.GetUtcNow());
        Assert.Equal(Verdict.Held, (await SubmitAsync(Cluster, proposal)).Verdict);

        fixture.Time.Advance(TimeSpan.FromMinutes(31));
        await fixture.RestartSiloAsync();

        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30);
        ActionRecord? record;
        while ((record = await fixture.Records.GetActionAsync(proposal.ActionId))!.Status != "expired")
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"still {record.Status} after the restart");
            await Task.Delay(100);
        }

        Assert.Contains(await fixture.Records.ReadAuditAsync(Cluster, proposal.ActionId), a => a.Event == "expired");
    }

    private static EffectiveThreshold Threshold(EffectivePolicy policy, ActionKind kind) => policy.Thresholds.Single(t => t.Kind == kind);

    private IGovernanceGrain Governance(string cluster) => fixture.Grains.GetGrain<IGovernanceGrain>(cluster);

    private Task<GovernanceDecision> SubmitAsync(string cluster, ProposedAction action) => Governance(cluster).Submit(action);

    private Task SetPolicyAsync(string cluster, string? tenant, GovernancePolicy policy) =>
        Governance(cluster).SetPolicy(new PolicyChange(tenant, policy, "root", "test setup"));

    private string Deploy(string name, string @namespace = "shop")
    {
        fixture.Simulated.AddDeployment(@namespace, name, Profile, replicas: 4);
        return name;
    }

    private static ProposedAction Cordon(string tenant, string cluster, string node, DateTimeOffset at) =>
        new(Guid.NewGuid(), tenant, cluster, EntityKind.Node, "", node, ActionKind.Cordon, 0, 0, 0.9,
            new ActionEvidence(0.97, "cpu", 0.99, 0, 0, [], "test cordon"), at);

    private async Task<(string Cluster, string Tenant)> ScopeAsync(string name, double riskTolerance = 0.9)
    {
        var tenant = $"{name}-tenant";
        await fixture.Grains.GetGrain<ITenantGrain>(tenant).SetPolicy(new TenantPolicy(riskTolerance, 1, 20));
        return ($"{name}-cluster", tenant);
    }
}
