using Juno.Actuation.Simulation;
using Juno.Contracts.Actions;
using Juno.Contracts.Grains;
using Juno.Contracts.Keys;
using Juno.Contracts.Policies;
using Juno.Contracts.Telemetry;
using Juno.Inference;
using Juno.Integration.Tests.Infrastructure;
using Juno.Intelligence;
using Xunit;

namespace Juno.Integration.Tests.Grains;

/// <summary>Replica-policy versions end to end on one silo with PostgreSQL: a DQN trained through the registry, served
/// through the inference batcher, shadowing, acting on its A/B share, promoted, rolled back, evaluated and persisted.</summary>
public sealed class ScalingPolicyTests(ScalingPolicyTests.Fixture fixture) : IClassFixture<ScalingPolicyTests.Fixture>
{
    /// <summary>Trains one version at start (a couple of seconds), shared by the tests; scores are reported every decision.</summary>
    public sealed class Fixture : GrainClusterFixture
    {
        public string Trained { get; private set; } = "";

        public IScalingPolicyGrain Registry => Grains.GetGrain<IScalingPolicyGrain>(IScalingPolicyGrain.RegistryKey);

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            var started = await Registry.Train(new PolicyTrainingRequest([DailySeries("daily", days: 14)], 0.8, 1, 5, 2000, "ml-eng", ""));
            Trained = (await WaitTrainedAsync(Registry, started.Version)).Version;
        }

        protected override IDictionary<string, string?> Settings(string connectionString)
        {
            var settings = base.Settings(connectionString);
            settings["Juno:Decision:InitialExploration"] = "0";
            settings["Juno:Decision:PolicyReportEvery"] = "1";
            return settings;
        }
    }

    private static readonly SimulatedWorkloadProfile Profile = new() { BaseRequestRate = 100, PodCapacity = 50 };

    [Fact]
    public async Task TrainingRecordsTheRunAndServesTheNetworkAsOnnx()
    {
        var trained = (await fixture.Registry.List()).Single(v => v.Version == fixture.Trained);

        Assert.Equal(PolicyRole.Retired, trained.Role);
        Assert.Equal(PolicyVersion.DqnKind, trained.Kind);
        Assert.NotNull(trained.Training);
        Assert.Null(trained.Training.Error);
        Assert.Equal(["daily"], trained.Training.Traces);
        // 14 days of 5-minute rows span (rows - 1) x 5 + 1 minutes; the first 80% are played, one transition per minute after the first.
        Assert.Equal((int)((((14 * 288) - 1) * 5 + 1) * 0.8) - 1, trained.Training.Transitions);
        Assert.Equal(10 * 64 + 64 + 64 * 64 + 64 + 64 * 5 + 5, trained.Training.Parameters);
        using var catalog = new ModelCatalog();
        catalog.Register("check", await fixture.Registry.GetModel(fixture.Trained));
        Assert.Equal(ScalingFeatures.Length, catalog.Get("check").InputWidth);
        Assert.Equal(ScalingActions.Count, catalog.Get("check").OutputWidth);
        await Assert.ThrowsAsync<PolicyNotFoundException>(() => fixture.Registry.GetModel(PolicyVersion.BuiltinVersion));
        await Assert.ThrowsAsync<PolicyNotFoundException>(() => fixture.Registry.GetModel("dqn-999"));
    }

    [Fact]
    public async Task AVersionShadowsThenActsOnItsShareThenIsPromotedAndRolledBack()
    {
        var version = fixture.Trained;
        await fixture.Grains.GetGrain<ITenantGrain>("rl").SetPolicy(new TenantPolicy(0.9, 1, 20));

        // Shadow: the builtin agent acts, the new version proposes and is scored beside it.
        await ChangeRoleAsync(version, PolicyRole.Shadow, null);
        var shadowed = await OverloadAndDecideAsync("rl-shadow");
        Assert.StartsWith($"{PolicyVersion.BuiltinVersion} chose", shadowed.Evidence.Reason);
        var performance = await WaitForPerformanceAsync(p => p.Single(v => v.Version == version).Shadow.Decisions >= 1);
        Assert.Equal(0, performance.Single(v => v.Version == version).Acting.Decisions);
        Assert.True(performance.Single(v => v.Version == PolicyVersion.BuiltinVersion).Acting.Decisions >= 1);

        // A/B: the candidate acts on the workloads whose key hashes into its half, the incumbent on the rest.
        await ChangeRoleAsync(version, PolicyRole.Candidate, 0.5);
        var rollout = await fixture.Registry.GetRollout();
        var inArm = Enumerable.Range(0, 100).Select(i => $"rl-ab-{i}").First(n => rollout.ActingFor(Key(n)) == version);
        var outOfArm = Enumerable.Range(0, 100).Select(i => $"rl-ab-{i}").First(n => rollout.ActingFor(Key(n)) == PolicyVersion.BuiltinVersion);
        var candidateProposal = await OverloadAndDecideAsync(inArm);
        var incumbentProposal = await OverloadAndDecideAsync(outOfArm);
        Assert.StartsWith($"{version} chose", candidateProposal.Evidence.Reason);
        Assert.StartsWith($"{PolicyVersion.BuiltinVersion} chose", incumbentProposal.Evidence.Reason);
        // Both see a surge tripling demand with latency past its objective: both add capacity.
        Assert.Equal(ActionKind.ScaleOut, candidateProposal.Kind);
        Assert.Equal(ActionKind.ScaleOut, incumbentProposal.Kind);
        Assert.NotNull(await fixture.Grains.GetGrain<IGovernanceGrain>(GrainClusterFixture.Cluster).GetDecision(candidateProposal.ActionId));
        await WaitForPerformanceAsync(p => p.Single(v => v.Version == version).Acting.Decisions >= 1);

        // Promoted: the old incumbent retires, every workload follows the new one.
        var promoted = await ChangeRoleAsync(version, PolicyRole.Incumbent, null);
        Assert.Equal(0, promoted.TrafficShare);
        Assert.Equal(PolicyRole.Retired, (await fixture.Registry.List()).Single(v => v.Version == PolicyVersion.BuiltinVersion).Role);
        Assert.StartsWith($"{version} chose", (await OverloadAndDecideAsync("rl-promoted")).Evidence.Reason);

        // Rollback is promoting the previous incumbent again.
        await ChangeRoleAsync(PolicyVersion.BuiltinVersion, PolicyRole.Incumbent, null);
        Assert.StartsWith($"{PolicyVersion.BuiltinVersion} chose", (await OverloadAndDecideAsync("rl-rolled-back")).Evidence.Reason);
        var history = (await fixture.Registry.List()).Single(v => v.Version == version).RoleChanges;
        Assert.Equal([PolicyRole.Shadow, PolicyRole.Candidate, PolicyRole.Incumbent, PolicyRole.Retired], history.Select(c => c.To));
        Assert.All(history.SkipLast(1), c => Assert.Equal("ml-eng", c.Actor));

        // Every change is in the hash-chained audit log under the registry's name, and the chain holds.
        var audit = await fixture.Records.ReadAuditAsync(IScalingPolicyGrain.RegistryKey);
        Assert.True(audit.Count(a => a.Event == "policy-role-changed") >= 6, string.Join(", ", audit.Select(a => a.Event)));
        Assert.True((await fixture.Records.VerifyAuditChainAsync(IScalingPolicyGrain.RegistryKey)).Valid);
    }

    [Fact]
    public async Task RoleChangesThatDoNotFitAreRefused()
    {
        var incumbent = (await fixture.Registry.GetRollout()).Incumbent;
        await Assert.ThrowsAsync<PolicyConflictException>(() => ChangeRoleAsync(incumbent, PolicyRole.Retired, null));
        await Assert.ThrowsAsync<PolicyNotFoundException>(() => ChangeRoleAsync("dqn-999", PolicyRole.Shadow, null));
        await Assert.ThrowsAsync<ArgumentException>(() => ChangeRoleAsync(fixture.Trained, PolicyRole.Candidate, 0.8));
        await Assert.ThrowsAsync<ArgumentException>(() => fixture.Registry.ChangeRole(fixture.Trained, new PolicyRoleRequest(PolicyRole.Shadow, null, " ", "no actor")));

        // A second trained version: together the candidates may not take more than half of the workloads.
        var second = await WaitTrainedAsync(fixture.Registry, (await fixture.Registry.Train(
            new PolicyTrainingRequest([DailySeries("short", days: 2)], 0.5, 1, 9, 2000, "ml-eng", "second"))).Version);
        await ChangeRoleAsync(second.Version, PolicyRole.Candidate, 0.3);
        if (fixture.Trained != incumbent)
        {
            await Assert.ThrowsAsync<PolicyConflictException>(() => ChangeRoleAsync(fixture.Trained, PolicyRole.Candidate, 0.3));
        }

        await ChangeRoleAsync(second.Version, PolicyRole.Retired, null);
        Assert.DoesNotContain((await fixture.Registry.GetRollout()).Candidates, c => c.Version == second.Version);
    }

    [Fact]
    public async Task EvaluationScoresTheVersionBesideTheBaselinesOnTheHeldOutPart()
    {
        var series = DailySeries("eval", days: 10);
        var request = new PolicyEvaluationRequest([fixture.Trained], [series], 0.7, 2000);

        var evaluation = await fixture.Registry.Evaluate(request);

        Assert.Equal(["HPA (CPU 70%)", "forecast-driven (capacity plan)", fixture.Trained], evaluation.Rows.Select(r => r.Policy));
        var hpa = evaluation.Rows[0];
        Assert.Equal(0, hpa.CostVsHpa);
        Assert.Equal(3.0, hpa.ScoredDays, 2);
        // The HPA row is what the simulator gives for the same trace and start, computed here independently.
        var trace = DemandTrace.FromSeries(series.Name, series.TimestampsMs, series.Values, 2000, 0.7);
        var scoreFrom = (int)(trace.Minutes * 0.7);
        var initial = FixedPolicy.ForPeak(trace.RequestRates[..scoreFrom].Max(), ScalingSimulationOptions.Default, 0.7).Replicas;
        var direct = ScalingSimulator.Run(trace, new HpaPolicy(), ScalingSimulationOptions.Default, scoreFrom, initial);
        Assert.Equal(direct.Cost, hpa.Cost, 9);
        Assert.Equal(direct.ViolationMinutes, hpa.ViolationMinutes);
        var dqn = evaluation.Rows[2];
        Assert.Equal(dqn.Cost / hpa.Cost - 1, dqn.CostVsHpa, 9);
        Assert.True(dqn.MeanReplicas > 0 && double.IsFinite(dqn.Cost));
        // Deterministic: the same request scores the same.
        Assert.Equal(evaluation.Rows, (await fixture.Registry.Evaluate(request)).Rows);

        await Assert.ThrowsAsync<ArgumentException>(() => fixture.Registry.Evaluate(request with { Versions = [PolicyVersion.BuiltinVersion] }));
        await Assert.ThrowsAsync<PolicyNotFoundException>(() => fixture.Registry.Evaluate(request with { Versions = ["dqn-999"] }));
    }

    [Fact]
    public async Task VersionsAndRolesSurviveASiloRestart()
    {
        await ChangeRoleAsync(fixture.Trained, PolicyRole.Shadow, null);
        var before = await fixture.Registry.List();

        await fixture.RestartSiloAsync();

        var after = await fixture.Registry.List();
        Assert.Equal(before.Select(v => (v.Version, v.Role, v.TrafficShare, v.Training?.Transitions)), after.Select(v => (v.Version, v.Role, v.TrafficShare, v.Training?.Transitions)));
        Assert.Contains(fixture.Trained, (await fixture.Registry.GetRollout()).Shadows);
        Assert.NotEmpty(await fixture.Registry.GetModel(fixture.Trained));
        await ChangeRoleAsync(fixture.Trained, PolicyRole.Retired, null);
    }

    internal static DemandSeries DailySeries(string name, int days)
    {
        var start = new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        var rows = days * 288;
        var times = new long[rows];
        var values = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            times[i] = start + i * 300_000L;
            values[i] = 900 - 600 * Math.Cos(2 * Math.PI * (i % 288) / 288.0) + 40 * Math.Sin(i * 0.7);
        }

        return new DemandSeries(name, times, values);
    }

    internal static async Task<PolicyVersion> WaitTrainedAsync(IScalingPolicyGrain registry, string version)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            var info = (await registry.List()).Single(v => v.Version == version);
            if (info.Role != PolicyRole.Training)
            {
                Assert.True(info.Role == PolicyRole.Retired, $"{version} ended {info.Role}: {info.Training?.Error}");
                return info;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"{version} still training after 2 minutes");
            await Task.Delay(100);
        }
    }

    private static string Key(string name) => EntityKeys.Workload("rl", GrainClusterFixture.Cluster, "shop", name);

    private Task<PolicyVersion> ChangeRoleAsync(string version, PolicyRole role, double? share) =>
        fixture.Registry.ChangeRole(version, new PolicyRoleRequest(role, share, "ml-eng", $"test: {role}"));

    private async Task<PolicyPerformance[]> WaitForPerformanceAsync(Func<PolicyPerformance[], bool> ready)
    {
        // Scores travel one-way: give them a moment to land.
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var performance = await fixture.Registry.GetPerformance();
            if (ready(performance))
            {
                return performance;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, "the workloads' policy scores did not reach the registry");
            await Task.Delay(50);
        }
    }

    /// <summary>Six quiet hours, then a surge tripling demand for twenty minutes: the next decision faces overload.</summary>
    private async Task<ProposedAction> OverloadAndDecideAsync(string name)
    {
        fixture.Simulated.AddDeployment("shop", name, Profile, replicas: 4);
        var workload = fixture.Grains.GetGrain<IWorkloadGrain>(Key(name));
        var now = fixture.Time.GetUtcNow();
        await FeedAsync(workload, name, now - TimeSpan.FromHours(6), now - TimeSpan.FromMinutes(20));
        fixture.Simulated.Inject("shop", name, new TrafficSurge(now - TimeSpan.FromMinutes(20), TimeSpan.FromHours(2), Factor: 3));
        await FeedAsync(workload, name, now - TimeSpan.FromMinutes(20), now);
        var proposal = await workload.DecideNow();
        Assert.NotNull(proposal);
        return proposal;
    }

    private async Task FeedAsync(IWorkloadGrain workload, string name, DateTimeOffset from, DateTimeOffset until)
    {
        var batch = SimulatedTelemetry.Minutes(fixture.Simulated, "shop", name, from, until);
        Assert.Equal(batch.Samples.Length, (await workload.Ingest(batch)).Accepted);
    }
}
