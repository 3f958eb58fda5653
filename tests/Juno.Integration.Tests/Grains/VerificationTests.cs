using Juno.Actuation.Simulation;
using Juno.Contracts.Actions;
using Juno.Contracts.Governance;
using Juno.Contracts.Grains;
using Juno.Contracts.Keys;
using Juno.Integration.Tests.Infrastructure;
using Xunit;

namespace Juno.Integration.Tests.Grains;

/// <summary>Governance checks executed scales after the verification delay: landed and recovered counts as a success;
/// a scale-in that left the workload anomalous is rolled back through governance; the proposer hears the result.</summary>
public sealed class VerificationTests(VerificationTests.Fixture fixture) : IClassFixture<VerificationTests.Fixture>
{
    public sealed class Fixture : GrainClusterFixture
    {
        protected override IDictionary<string, string?> Settings(string connectionString)
        {
            var settings = base.Settings(connectionString);
            settings["Juno:Governance:VerificationDelay"] = "00:03:00";
            settings["Juno:Decision:InitialExploration"] = "0";
            return settings;
        }
    }

    private static readonly SimulatedWorkloadProfile Profile = new() { BaseRequestRate = 100, PodCapacity = 50 };

    [Fact]
    public async Task AScaleThatLandedOnAQuietWorkloadIsVerifiedAndCountsAsASuccessOnlyThen()
    {
        const string Cluster = "verify-ok";
        var (key, tenant) = await QuietWorkloadAsync("verify-quiet");
        var proposal = Proposals.Scale(tenant, Cluster, "shop", "verify-quiet", 4, 5, fixture.Time.GetUtcNow()) with { ProposerKey = key };
        var decision = await Governance(Cluster).Submit(proposal);
        Assert.True(decision.Outcome!.Succeeded, decision.Outcome.Detail);
        Assert.Equal(0, Threshold(await Governance(Cluster).GetPolicy(tenant)).OutcomesSinceAdaptation);

        Assert.Equal(0, await Governance(Cluster).VerifyDue());
        fixture.Time.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(1, await Governance(Cluster).VerifyDue());

        var events = (await fixture.Records.ReadAuditAsync(Cluster, proposal.ActionId)).Select(a => a.Event).ToArray();
        Assert.Equal(["proposed", "decided", "executing", "executed", "verified"], events);
        var threshold = Threshold(await Governance(Cluster).GetPolicy(tenant));
        Assert.Equal((1, 1), (threshold.OutcomesSinceAdaptation, threshold.SuccessesSinceAdaptation));
    }

    [Fact]
    public async Task AScaleInThatLeftTheWorkloadAnomalousIsRolledBackThroughGovernance()
    {
        const string Cluster = "verify-rollback";
        var (key, tenant) = await QuietWorkloadAsync("verify-surge");
        // Demand triples: the workload's own models see it, its anomaly score is at the top.
        var now = fixture.Time.GetUtcNow();
        fixture.Simulated.Inject("shop", "verify-surge", new TrafficSurge(now - TimeSpan.FromMinutes(20), TimeSpan.FromHours(2), Factor: 3));
        await FeedAsync(key, "verify-surge", now - TimeSpan.FromMinutes(20), now);
        Assert.True((await fixture.Grains.GetGrain<IWorkloadGrain>(key).GetStatus()).AnomalyScore >= 0.9);

        var scaleIn = Proposals.Scale(tenant, Cluster, "shop", "verify-surge", 4, 3, now) with { ProposerKey = key };
        Assert.True((await Governance(Cluster).Submit(scaleIn)).Outcome!.Succeeded);
        fixture.Time.Advance(TimeSpan.FromMinutes(3));
        await Governance(Cluster).VerifyDue();

        Assert.Contains(await fixture.Records.ReadAuditAsync(Cluster, scaleIn.ActionId), a => a.Event == "verification-failed");
        var rollback = (await Governance(Cluster).GetRecentDecisions(5)).Select(d => d.ActionId).Where(id => id != scaleIn.ActionId).ToList();
        var rollbackRecord = await fixture.Records.GetActionAsync(Assert.Single(rollback));
        Assert.Equal("succeeded", rollbackRecord!.Status);
        Assert.Contains($"rollback of {scaleIn.ActionId}", (await fixture.Records.ReadAuditAsync(Cluster, rollbackRecord.ActionId))[0].PayloadJson);
        Assert.Equal(4, (await fixture.Simulated.ObserveWorkloadAsync("shop", "verify-surge"))!.DesiredReplicas);

        // The rollback itself is not verified (and so never rolled back in turn).
        fixture.Time.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(0, await Governance(Cluster).VerifyDue());
        Assert.True((await Governance(Cluster).VerifyAudit()).Valid);
    }

    [Fact]
    public async Task AScaleOutWhoseWorkloadHasNotRecoveredFailsVerificationButKeepsItsCapacity()
    {
        const string Cluster = "verify-keep";
        var (key, tenant) = await QuietWorkloadAsync("verify-busy");
        var now = fixture.Time.GetUtcNow();
        fixture.Simulated.Inject("shop", "verify-busy", new TrafficSurge(now - TimeSpan.FromMinutes(20), TimeSpan.FromHours(2), Factor: 3));
        await FeedAsync(key, "verify-busy", now - TimeSpan.FromMinutes(20), now);

        var scaleOut = Proposals.Scale(tenant, Cluster, "shop", "verify-busy", 4, 6, now) with { ProposerKey = key };
        Assert.True((await Governance(Cluster).Submit(scaleOut)).Outcome!.Succeeded);
        fixture.Time.Advance(TimeSpan.FromMinutes(3));
        await Governance(Cluster).VerifyDue();

        var failed = Assert.Single(await fixture.Records.ReadAuditAsync(Cluster, scaleOut.ActionId), a => a.Event == "verification-failed");
        Assert.Contains("not recovered", failed.PayloadJson);
        Assert.Single(await Governance(Cluster).GetRecentDecisions(10));
        Assert.Equal(6, (await fixture.Simulated.ObserveWorkloadAsync("shop", "verify-busy"))!.DesiredReplicas);
    }

    [Fact]
    public async Task TheAgentLearnsLateFromAnActionThatFailedVerification()
    {
        var (key, tenant) = await QuietWorkloadAsync("verify-agent");
        var workload = fixture.Grains.GetGrain<IWorkloadGrain>(key);
        var now = fixture.Time.GetUtcNow();
        fixture.Simulated.Inject("shop", "verify-agent", new TrafficSurge(now - TimeSpan.FromMinutes(20), TimeSpan.FromHours(2), Factor: 3));
        await FeedAsync(key, "verify-agent", now - TimeSpan.FromMinutes(20), now);

        // The workload's own agent proposes (the silo's cluster: its governance executes it) under a tripled demand.
        var proposal = await workload.DecideNow();
        Assert.NotNull(proposal);
        Assert.Equal(ActionKind.ScaleOut, proposal.Kind);
        var updatesBefore = (await workload.GetStatus()).Agent.Updates;

        // No new telemetry: at the check the workload still reads anomalous, so the scale-out has not helped (yet).
        fixture.Time.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(1, await Governance(GrainClusterFixture.Cluster).VerifyDue());

        Assert.Contains(await fixture.Records.ReadAuditAsync(GrainClusterFixture.Cluster, proposal.ActionId), a => a.Event == "verification-failed");
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(10);
        while ((await workload.GetStatus()).Agent.Updates == updatesBefore)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "the agent never heard of the failed verification");
            await Task.Delay(50);
        }

        Assert.Equal(updatesBefore + 1, (await workload.GetStatus()).Agent.Updates);
    }

    private static EffectiveThreshold Threshold(EffectivePolicy policy) => policy.Thresholds.Single(t => t.Kind == ActionKind.ScaleOut);

    private IGovernanceGrain Governance(string cluster) => fixture.Grains.GetGrain<IGovernanceGrain>(cluster);

    /// <summary>Six quiet hours of telemetry, so the workload's models are warm and its anomaly score low.</summary>
    private async Task<(string Key, string Tenant)> QuietWorkloadAsync(string name)
    {
        var tenant = $"{name}-tenant";
        await fixture.Grains.GetGrain<ITenantGrain>(tenant).SetPolicy(new TenantPolicy(0.9, 1, 20));
        fixture.Simulated.AddDeployment("shop", name, Profile, replicas: 4);
        var key = EntityKeys.Workload(tenant, GrainClusterFixture.Cluster, "shop", name);
        var now = fixture.Time.GetUtcNow();
        await FeedAsync(key, name, now - TimeSpan.FromHours(6), now - TimeSpan.FromMinutes(20));
        return (key, tenant);
    }

    private async Task FeedAsync(string key, string name, DateTimeOffset from, DateTimeOffset until)
    {
        var batch = SimulatedTelemetry.Minutes(fixture.Simulated, "shop", name, from, until);
        Assert.Equal(batch.Samples.Length, (await fixture.Grains.GetGrain<IWorkloadGrain>(key).Ingest(batch)).Accepted);
    }
}
