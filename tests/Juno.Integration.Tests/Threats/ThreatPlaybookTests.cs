using Juno.Actuation.Simulation;
using Juno.Contracts.Actions;
using Juno.Contracts.Governance;
using Juno.Contracts.Grains;
using Juno.Contracts.Threats;
using Juno.Integration.Tests.Infrastructure;
using Xunit;

namespace Juno.Integration.Tests.Threats;

/// <summary>Threat detection on a real silo with PostgreSQL: a workload learns its behaviour, an attack raises an
/// alert in threat_events, and the playbook's action goes through governance to the (simulated) cluster.</summary>
public sealed class ThreatPlaybookTests(ThreatPlaybookTests.Fixture fixture) : IClassFixture<ThreatPlaybookTests.Fixture>
{
    public sealed class Fixture : GrainClusterFixture
    {
        protected override IDictionary<string, string?> Settings(string connectionString)
        {
            var settings = base.Settings(connectionString);
            settings["Juno:Threats:WarmupSamples"] = "200";
            return settings;
        }
    }

    private static readonly SimulatedWorkloadProfile Profile = new() { BaseRequestRate = 100, PodCapacity = 50 };

    [Fact]
    public async Task ExfiltrationIsAHighAlertWithForensicsAnIncidentAndAnIsolationHeldForAPerson()
    {
        var (workload, grain, behaviour) = await WarmedWorkloadAsync("exfil", riskTolerance: 0.5);

        var analysis = await grain.AnalyzeBehaviour(new BehaviourBatch([behaviour.Exfiltration()]));

        var alert = Assert.Single(analysis.Raised);
        Assert.Equal(ThreatCategory.Exfiltration, alert.Category);
        Assert.Equal(ThreatLevel.High, alert.Level);
        Assert.Equal(ThreatStatus.Open, alert.Status);
        Assert.Equal("egress_bytes", alert.Indicators[0].Signal);
        Assert.Equal(ThreatWatchDepth, alert.Forensics.Length);
        Assert.NotNull(alert.IncidentId);
        Assert.NotNull(alert.ActionId);
        Assert.Contains(alert.Playbook, step => step.StartsWith("Isolate proposed: Held", StringComparison.Ordinal));

        var stored = await fixture.Records.GetThreatAsync(alert.AlertId);
        Assert.Equal(ThreatStatus.Open, stored!.Status);
        Assert.Equal(alert.Playbook, stored.Playbook);
        var incident = Assert.Single(await fixture.Records.ListIncidentsAsync(ClusterOf(workload), 10), i => i.IncidentId == alert.IncidentId);
        Assert.Equal("threat:exfiltration", incident.Metric);

        var pending = Assert.Single(await Governance(workload).GetPending(), p => p.Action.ActionId == alert.ActionId);
        Assert.Equal(ActionKind.Isolate, pending.Action.Kind);
        Assert.False(Deployment(workload).IsIsolated);

        var approved = await Governance(workload).Decide(new ApprovalRequest(alert.ActionId!.Value, true, "sec-oncall", "contain it") { ParametersHash = pending.ParametersHash });

        Assert.True(approved.Outcome!.Succeeded, approved.Outcome.Detail);
        Assert.True(Deployment(workload).IsIsolated);
        var contained = await WaitForStatusAsync(alert.AlertId, ThreatStatus.Contained);
        Assert.Contains(contained.Playbook, step => step.StartsWith("Isolate executed", StringComparison.Ordinal));
        Assert.Equal(["proposed", "decided", "approved", "executing", "executed"],
            (await fixture.Records.ReadAuditAsync(ClusterOf(workload), alert.ActionId)).Select(a => a.Event));
    }

    [Fact]
    public async Task WithAHighRiskToleranceIsolationRunsAtOnceAndAnOngoingAttackIsOneAlert()
    {
        var (workload, grain, behaviour) = await WarmedWorkloadAsync("auto", riskTolerance: 0.95);

        var first = await grain.AnalyzeBehaviour(new BehaviourBatch([behaviour.Exfiltration(), behaviour.Exfiltration(), behaviour.Exfiltration()]));

        var alert = Assert.Single(first.Raised);
        Assert.Equal(ThreatStatus.Contained, alert.Status);
        Assert.True(Deployment(workload).IsIsolated);
        Assert.Single(fixture.Simulated.Executed, c => c.ActionId == alert.ActionId);
        Assert.Equal(ThreatStatus.Contained, (await fixture.Records.GetThreatAsync(alert.AlertId))!.Status);
    }

    [Fact]
    public async Task AFalsePositiveTeachesTheWorkloadAndClosesTheAlertForGood()
    {
        var (workload, grain, behaviour) = await WarmedWorkloadAsync("fp", riskTolerance: 0.5);
        var burst = behaviour.Intrusion();
        var alert = Assert.Single((await grain.AnalyzeBehaviour(new BehaviourBatch([burst]))).Raised);
        var log = fixture.Grains.GetGrain<IThreatLogGrain>(ClusterOf(workload));

        var result = await log.Respond(new ThreatResponseRequest(alert.AlertId, ThreatResponseKind.FalsePositive, "analyst", "pen test"));

        Assert.Equal(ThreatStatus.FalsePositive, result.Alert.Status);
        Assert.Null(result.Decision);
        Assert.DoesNotContain(await log.List(openOnly: true, workload, null, 100), a => a.AlertId == alert.AlertId);
        Assert.Contains(await log.List(openOnly: false, workload, null, 100), a => a.AlertId == alert.AlertId);

        // The same behaviour, an interval later, is now normal for this workload.
        var later = burst with { TimestampMs = burst.TimestampMs + (long)Behaviour.Interval.TotalMilliseconds * 40 };
        await grain.AnalyzeBehaviour(new BehaviourBatch(behaviour.Normal(39)));
        Assert.Empty((await grain.AnalyzeBehaviour(new BehaviourBatch([later]))).Raised);

        await Assert.ThrowsAsync<AlertClosedException>(() =>
            log.Respond(new ThreatResponseRequest(alert.AlertId, ThreatResponseKind.Dismiss, "analyst", null)));
        await Assert.ThrowsAsync<UnknownAlertException>(() =>
            log.Respond(new ThreatResponseRequest(Guid.NewGuid(), ThreatResponseKind.Dismiss, "analyst", null)));
    }

    [Fact]
    public async Task BadBehaviourIsRefusedWholeAndRedeliveredSamplesAreDropped()
    {
        var (_, grain, behaviour) = await WarmedWorkloadAsync("bad", riskTolerance: 0.5);
        var good = behaviour.Normal(2);
        var negative = good[1] with { TimestampMs = good[1].TimestampMs + 1, EgressBytes = -5 };

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => grain.AnalyzeBehaviour(new BehaviourBatch([good[0], negative])));
        Assert.Contains("egress_bytes", refused.Message);

        var accepted = await grain.AnalyzeBehaviour(new BehaviourBatch(good));
        Assert.Equal(2, accepted.Accepted);
        var again = await grain.AnalyzeBehaviour(new BehaviourBatch(good));
        Assert.Equal((0, 2), (again.Accepted, again.DroppedStale));
    }

    [Fact]
    public async Task AWorkloadKeepsItsLearnedBehaviourAcrossASiloRestart()
    {
        var (workload, grain, behaviour) = await WarmedWorkloadAsync("restart", riskTolerance: 0.5);
        var last = behaviour.Normal(1);
        await grain.AnalyzeBehaviour(new BehaviourBatch(last));

        await fixture.RestartSiloAsync();
        grain = fixture.Grains.GetGrain<IWorkloadGrain>(workload);

        var redelivered = await grain.AnalyzeBehaviour(new BehaviourBatch(last));
        Assert.Equal((0, 1), (redelivered.Accepted, redelivered.DroppedStale));
        var next = await grain.AnalyzeBehaviour(new BehaviourBatch(behaviour.Normal(1)));
        Assert.True(next.Warm);
        Assert.Equal(1, next.Accepted);
        Assert.Empty(next.Raised);
    }

    [Fact]
    public async Task AHighThreatOnANodeProposesACordonNotANetworkPolicy()
    {
        var cluster = "node-threat-cluster";
        fixture.Simulated.AddNode("node-t");
        var node = fixture.Grains.GetGrain<INodeGrain>($"{cluster}/node-t");
        var behaviour = new Behaviour(seed: 31, fixture.Time.GetUtcNow().AddDays(-2));
        Assert.True((await node.AnalyzeBehaviour(new BehaviourBatch(behaviour.Normal(400)))).Warm);

        var alert = Assert.Single((await node.AnalyzeBehaviour(new BehaviourBatch([behaviour.Compromise()]))).Raised);

        Assert.Equal(ThreatLevel.High, alert.Level);
        Assert.Equal(EntityKind.Node, alert.EntityKind);
        Assert.True(alert.Playbook.Any(step => step.StartsWith("Cordon proposed: Held", StringComparison.Ordinal)), string.Join(" | ", alert.Playbook));
        var pending = Assert.Single(await fixture.Grains.GetGrain<IGovernanceGrain>(cluster).GetPending(), p => p.Action.ActionId == alert.ActionId);
        Assert.Equal((ActionKind.Cordon, EntityKind.Node, "node-t"), (pending.Action.Kind, pending.Action.TargetKind, pending.Action.Name));
    }

    private const int ThreatWatchDepth = 32;

    private async Task<(string Workload, IWorkloadGrain Grain, Behaviour Behaviour)> WarmedWorkloadAsync(string name, double riskTolerance)
    {
        var tenant = $"{name}-tenant";
        var cluster = $"{name}-cluster";
        await fixture.Grains.GetGrain<ITenantGrain>(tenant).SetPolicy(new TenantPolicy(riskTolerance, 1, 20));
        fixture.Simulated.AddDeployment("shop", $"{name}-web", Profile, replicas: 3);
        var workload = $"{tenant}/{cluster}/shop/{name}-web";
        var grain = fixture.Grains.GetGrain<IWorkloadGrain>(workload);
        var behaviour = new Behaviour(seed: name.Length * 7919, fixture.Time.GetUtcNow().AddDays(-2));
        var warmup = await grain.AnalyzeBehaviour(new BehaviourBatch(behaviour.Normal(400)));
        Assert.True(warmup.Warm);
        Assert.Empty(warmup.Raised);
        return (workload, grain, behaviour);
    }

    /// <summary>A held action's outcome reaches the alert one-way through the workload grain.</summary>
    private async Task<ThreatAlert> WaitForStatusAsync(Guid alertId, ThreatStatus status)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (await fixture.Records.GetThreatAsync(alertId) is { } alert && alert.Status == status)
            {
                return alert;
            }

            await Task.Delay(50);
        }

        throw new Xunit.Sdk.XunitException($"Alert {alertId} did not reach status {status} within 5 s.");
    }

    private IGovernanceGrain Governance(string workload) => fixture.Grains.GetGrain<IGovernanceGrain>(ClusterOf(workload));

    private SimulatedDeployment Deployment(string workload) =>
        fixture.Simulated.Deployments.Single(d => d.Name == workload.Split('/')[3]);

    private static string ClusterOf(string workload) => workload.Split('/')[1];
}
