using Juno.Actuation.Simulation;
using Juno.Contracts.Actions;
using Juno.Contracts.Governance;
using Juno.Contracts.Grains;
using Juno.Contracts.Keys;
using Juno.Contracts.Telemetry;
using Juno.Integration.Tests.Infrastructure;
using Xunit;

namespace Juno.Integration.Tests.Grains;

/// <summary>The whole loop on one silo: telemetry in, detection and forecast, the agent's proposal,
/// governance, the simulated cluster acting, and PostgreSQL holding the record.</summary>
public sealed class DecisionLoopTests(DecisionLoopTests.Fixture fixture) : IClassFixture<DecisionLoopTests.Fixture>
{
    /// <summary>Exploration off: the test asserts what the agent's greedy policy does.</summary>
    public sealed class Fixture : GrainClusterFixture
    {
        protected override IDictionary<string, string?> Settings(string connectionString)
        {
            var settings = base.Settings(connectionString);
            settings["Juno:Decision:InitialExploration"] = "0";
            return settings;
        }
    }

    private static readonly SimulatedWorkloadProfile Profile = new() { BaseRequestRate = 100, PodCapacity = 50 };

    [Fact]
    public async Task OverloadIsDetectedScaledOutThroughGovernanceAndRecorded()
    {
        await fixture.Grains.GetGrain<ITenantGrain>("loop").SetPolicy(new TenantPolicy(0.9, 1, 20));
        fixture.Simulated.AddDeployment("shop", "loop-checkout", Profile, replicas: 4);
        var key = EntityKeys.Workload("loop", GrainClusterFixture.Cluster, "shop", "loop-checkout");
        var workload = fixture.Grains.GetGrain<IWorkloadGrain>(key);
        var now = fixture.Time.GetUtcNow();
        await FeedAsync(workload, "loop-checkout", now - TimeSpan.FromHours(6), now - TimeSpan.FromMinutes(20));
        Assert.Null(await workload.DecideNow());

        fixture.Simulated.Inject("shop", "loop-checkout", new TrafficSurge(now - TimeSpan.FromMinutes(20), TimeSpan.FromHours(2), Factor: 3));
        await FeedAsync(workload, "loop-checkout", now - TimeSpan.FromMinutes(20), now);
        var proposal = await workload.DecideNow();

        Assert.NotNull(proposal);
        Assert.True(proposal.Kind == ActionKind.ScaleOut,
            $"expected ScaleOut, got {proposal.Kind}: {proposal.Evidence.Reason}; Q = [{string.Join(", ", proposal.Evidence.QValues)}]");
        Assert.Equal(4, proposal.CurrentReplicas);
        Assert.True(proposal.TargetReplicas > 4, $"target {proposal.TargetReplicas}");
        Assert.True(proposal.Evidence.AnomalyScore >= 0.9, $"anomaly score {proposal.Evidence.AnomalyScore}");
        var status = await workload.GetStatus();
        Assert.Equal(proposal.ActionId, status.LastDecision!.ActionId);
        Assert.Equal(Verdict.AutoApproved, status.LastDecision.Verdict);
        Assert.True(status.LastDecision.Outcome!.Succeeded, status.LastDecision.Outcome.Detail);
        Assert.Equal(proposal.TargetReplicas, (await fixture.Simulated.ObserveWorkloadAsync("shop", "loop-checkout"))!.DesiredReplicas);
        Assert.Equal(["proposed", "decided", "executing", "executed"],
            (await fixture.Records.ReadAuditAsync(GrainClusterFixture.Cluster, proposal.ActionId)).Select(a => a.Event));
        var incident = Assert.Single(await fixture.Grains.GetGrain<IIncidentLogGrain>(GrainClusterFixture.Cluster).Recent(100), i => i.Entity == key);
        Assert.Equal(proposal.ActionId, incident.ActionId);

        // The cooldown masks further scaling: the next tick holds rather than piling on.
        Assert.Null(await workload.DecideNow());
    }

    [Fact]
    public async Task SustainedNodeAnomalyProposesACordonThatWaitsForAPerson()
    {
        fixture.Simulated.AddNode("node-x");
        var node = fixture.Grains.GetGrain<INodeGrain>(EntityKeys.Node(GrainClusterFixture.Cluster, "node-x"));
        var now = fixture.Time.GetUtcNow();
        var start = now - TimeSpan.FromHours(6);
        var samples = new List<MetricSample>();
        for (var minute = 0; minute < 360; minute++)
        {
            var at = (start + TimeSpan.FromMinutes(minute)).ToUnixTimeMilliseconds();
            var hot = minute >= 330;
            samples.Add(new MetricSample(MetricKind.Cpu, at, hot ? 0.99 : 0.4 + 0.02 * Math.Sin(minute)));
            samples.Add(new MetricSample(MetricKind.Memory, at, 0.5 + 0.01 * Math.Cos(minute)));
        }

        await node.Ingest(new SampleBatch([.. samples]));

        Assert.Null(await node.DecideNow());
        Assert.Null(await node.DecideNow());
        var cordon = await node.DecideNow();

        Assert.NotNull(cordon);
        Assert.Equal(ActionKind.Cordon, cordon.Kind);
        Assert.Equal("node-x", cordon.Name);
        var governance = fixture.Grains.GetGrain<IGovernanceGrain>(GrainClusterFixture.Cluster);
        Assert.Equal(Verdict.Held, (await governance.GetDecision(cordon.ActionId))!.Verdict);
        Assert.Null(await node.DecideNow());

        var held = Assert.Single(await governance.GetPending(), p => p.Action.ActionId == cordon.ActionId);
        var approved = await governance.Decide(new ApprovalRequest(cordon.ActionId, Approve: true, "oncall", null) { ParametersHash = held.ParametersHash });

        Assert.True(approved.Outcome!.Succeeded, approved.Outcome.Detail);
        Assert.True(fixture.Simulated.ObserveNode("node-x", now).Unschedulable);
    }

    private async Task FeedAsync(IWorkloadGrain workload, string name, DateTimeOffset from, DateTimeOffset until)
    {
        var batch = SimulatedTelemetry.Minutes(fixture.Simulated, "shop", name, from, until);
        Assert.Equal(batch.Samples.Length, (await workload.Ingest(batch)).Accepted);
    }
}
