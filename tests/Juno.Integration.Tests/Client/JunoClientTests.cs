using Juno.Actuation.Simulation;
using Juno.Client;
using Juno.Contracts.Actions;
using Juno.Contracts.Governance;
using Juno.Contracts.Grains;
using Juno.Contracts.Keys;
using Juno.Contracts.Models;
using Juno.Contracts.Policies;
using Juno.Contracts.Scaling;
using Juno.Contracts.Telemetry;
using Juno.Inference;
using Juno.Integration.Tests.Infrastructure;
using Juno.Intelligence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace Juno.Integration.Tests.Client;

/// <summary>The SDK as another .NET application uses it: its own host and Orleans client, finding the
/// silo's gateway through the PostgreSQL membership table.</summary>
[Collection(SiloHostCollection.Name)]
public sealed class JunoClientTests(SiloHostFactory silo) : IAsyncLifetime
{
    private IHost _app = null!;

    private IJunoClient Juno => _app.Services.GetRequiredService<IJunoClient>();

    public async Task InitializeAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddJunoClient(o =>
        {
            o.PostgresConnectionString = silo.ConnectionString;
            o.DefaultCluster = SiloHostFactory.Cluster;
        });
        _app = builder.Build();
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        _app.Dispose();
    }

    [Fact]
    public async Task IngestsAndReadsStatusAndForecast()
    {
        var key = EntityKeys.Workload("acme", SiloHostFactory.Cluster, "shop", "sdk");
        var start = DateTimeOffset.UtcNow.AddHours(-2).ToUnixTimeMilliseconds();
        var samples = Enumerable.Range(0, 120).Select(i => new MetricSample(MetricKind.Cpu, start + i * 60_000L, 0.4 + 0.01 * (i % 5))).ToArray();

        var result = await Juno.IngestAsync(EntityKind.Workload, key, samples);

        Assert.Equal(new IngestResult(120, 0, 0, result.MaxAnomalyScore), result);
        var status = await Juno.GetWorkloadStatusAsync(key);
        Assert.Equal(120, Assert.Single(status.Metrics).SamplesSeen);
        var forecast = await Juno.GetForecastAsync(key);
        Assert.Equal(3, Assert.Single(forecast.Metrics).Horizons.Length);
    }

    [Fact]
    public async Task AnalysesBehaviourListsTheAlertAndMarksItAFalsePositive()
    {
        var key = EntityKeys.Workload("acme", SiloHostFactory.Cluster, "shop", "sdk-threat");
        var behaviour = new Behaviour(seed: 23, DateTimeOffset.UtcNow.AddDays(-3));
        Assert.True((await Juno.AnalyzeBehaviourAsync(EntityKind.Workload, key, behaviour.Normal(400))).Warm);

        var alert = Assert.Single((await Juno.AnalyzeBehaviourAsync(EntityKind.Workload, key, [behaviour.Intrusion()])).Raised);

        Assert.Contains(await Juno.GetThreatAlertsAsync(entity: key), a => a.AlertId == alert.AlertId);
        var marked = await Juno.MarkFalsePositiveAsync(alert.AlertId, "sdk-analyst", "known scanner");
        Assert.Equal(Contracts.Threats.ThreatStatus.FalsePositive, marked.Alert.Status);
        Assert.DoesNotContain(await Juno.GetThreatAlertsAsync(entity: key), a => a.AlertId == alert.AlertId);
        await Assert.ThrowsAsync<Contracts.Grains.AlertClosedException>(() => Juno.MarkFalsePositiveAsync(alert.AlertId, "sdk-analyst"));
        var negative = behaviour.Normal(1)[0] with { AuthFailures = double.NaN };
        var refused = await Assert.ThrowsAsync<ArgumentException>(() => Juno.AnalyzeBehaviourAsync(EntityKind.Workload, key, [negative]));
        Assert.Contains("auth_failures", refused.Message);
    }

    [Fact]
    public async Task DiagnosesAWorkloadAndReadsTheHealingStatus()
    {
        var key = EntityKeys.Workload("acme", SiloHostFactory.Cluster, "shop", "sdk-diag");
        var start = DateTimeOffset.UtcNow.AddHours(-3).ToUnixTimeMilliseconds();
        var samples = Enumerable.Range(0, 180).Select(i => new MetricSample(MetricKind.LatencyP95, start + i * 60_000L, 100 + (i % 4))).ToArray();
        await Juno.IngestAsync(EntityKind.Workload, key, samples);

        var report = await Juno.DiagnoseAsync(EntityKind.Workload, key);

        Assert.Equal(key, report.Entity);
        Assert.Equal("none", report.Severity);
        Assert.Equal(ActionKind.Hold, report.RecommendedAction);
        Assert.Equal(SiloHostFactory.Cluster, (await Juno.GetHealingStatusAsync()).Cluster);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Juno.DiagnoseAsync(EntityKind.Tenant, "acme"));
    }

    [Fact]
    public async Task ListsApprovesAndRejectsHeldActions()
    {
        var grains = silo.Services.GetRequiredService<IGrainFactory>();
        await grains.GetGrain<ITenantGrain>("sdk-tenant").SetPolicy(new TenantPolicy(0.05, 1, 20));
        var simulated = silo.Services.GetRequiredService<SimulatedCluster>();
        simulated.AddDeployment("shop", "sdk-approve", new SimulatedWorkloadProfile { BaseRequestRate = 100, PodCapacity = 50 }, 3);
        var toApprove = Proposals.Restart("sdk-tenant", SiloHostFactory.Cluster, "shop", "sdk-approve", 3, DateTimeOffset.UtcNow);
        var toReject = Proposals.Restart("sdk-tenant", SiloHostFactory.Cluster, "shop", "sdk-approve", 3, DateTimeOffset.UtcNow);
        var governance = grains.GetGrain<IGovernanceGrain>(SiloHostFactory.Cluster);
        await governance.Submit(toApprove);
        await governance.Submit(toReject);

        var pending = await Juno.GetPendingApprovalsAsync();
        Assert.Contains(pending, p => p.Action.ActionId == toApprove.ActionId);
        Assert.Contains(pending, p => p.Action.ActionId == toReject.ActionId);

        await Assert.ThrowsAsync<ApprovalMismatchException>(() => Juno.ApproveAsync(toApprove.ActionId, new string('0', 64), "sdk-user"));
        var approved = await Juno.ApproveAsync(toApprove.ActionId, pending.Single(p => p.Action.ActionId == toApprove.ActionId).ParametersHash, "sdk-user", "via SDK");
        var rejected = await Juno.RejectAsync(toReject.ActionId, "sdk-user");

        Assert.Equal(Verdict.Approved, approved.Verdict);
        Assert.True(approved.Outcome!.Succeeded);
        Assert.Equal(Verdict.Rejected, rejected.Verdict);
        Assert.Single(simulated.Executed, c => c.ActionId == toApprove.ActionId);
        Assert.DoesNotContain(simulated.Executed, c => c.ActionId == toReject.ActionId);
        await Assert.ThrowsAsync<UnknownActionException>(() => Juno.ApproveAsync(toApprove.ActionId, "any", "sdk-user"));
    }

    [Fact]
    public async Task PlansScalesThroughGovernanceAndReadsTheHistory()
    {
        var key = EntityKeys.Workload("acme", SiloHostFactory.Cluster, "shop", "sdk-scale");
        silo.Services.GetRequiredService<SimulatedCluster>().AddDeployment("shop", "sdk-scale", new SimulatedWorkloadProfile { BaseRequestRate = 100, PodCapacity = 50 }, 2);
        var now = DateTimeOffset.UtcNow;
        var samples = Enumerable.Range(0, 288).Select(i => new MetricSample(MetricKind.RequestRate, now.AddMinutes(-5 * (288 - i)).ToUnixTimeMilliseconds(), 200 + (50 * Math.Sin(i / 20.0)))).ToArray();
        await Juno.IngestAsync(EntityKind.Workload, key, samples);
        var request = new CapacityPlanRequest(50, TimeSpan.FromMinutes(2), 0.75, 1, 20, 0.1, null, 6);

        var plan = await Juno.PlanCapacityAsync(key, request);
        var decision = await Juno.RequestScaleAsync(key, 3, "sdk-user", "load test");
        var history = await Juno.GetScalingHistoryAsync(key);

        Assert.Equal(6, plan!.Hours.Length);
        Assert.All(plan.Hours, h => Assert.InRange(h.Replicas, 5, 20));  // ~200-250 req/s at 37.5 per pod
        Assert.True(decision.Outcome!.Succeeded, decision.Outcome.Detail);
        var record = Assert.Single(history, r => r.ActionId == decision.ActionId);
        Assert.Equal((2, 3, true), (record.FromReplicas, record.ToReplicas, record.Succeeded));
        Assert.Null(await Juno.PlanCapacityAsync(EntityKeys.Workload("acme", SiloHostFactory.Cluster, "shop", "sdk-no-demand"), request));
        await Assert.ThrowsAsync<WorkloadNotFoundException>(() => Juno.RequestScaleAsync(EntityKeys.Workload("acme", SiloHostFactory.Cluster, "shop", "sdk-nowhere"), 3, "sdk-user"));
        await Assert.ThrowsAsync<ArgumentException>(() => Juno.PlanCapacityAsync(key, request with { PodCapacity = 0 }));
        await Assert.ThrowsAsync<ArgumentException>(() => Juno.RequestScaleAsync(key, 3, " "));
        await Assert.ThrowsAsync<ArgumentException>(() => Juno.GetScalingHistoryAsync(key, cluster: "other"));
    }

    [Fact]
    public async Task RefusesBadInputBeforeSendingIt()
    {
        var key = EntityKeys.Workload("acme", SiloHostFactory.Cluster, "shop", "sdk-bad");

        await Assert.ThrowsAsync<InvalidEntityKeyException>(() => Juno.IngestAsync(EntityKind.Workload, "acme/shop", [new MetricSample(MetricKind.Cpu, 1, 0.5)]));
        await Assert.ThrowsAsync<ArgumentException>(() => Juno.IngestAsync(EntityKind.Workload, key, [new MetricSample(MetricKind.Cpu, 1, double.NaN)]));
        await Assert.ThrowsAsync<ArgumentException>(() => Juno.IngestAsync(EntityKind.Workload, key, []));
        await Assert.ThrowsAsync<ArgumentException>(() => Juno.IngestAsync(EntityKind.Workload, key, new MetricSample[SampleBatch.MaxSamples + 1]));
        await Assert.ThrowsAsync<ArgumentException>(() => Juno.ApproveAsync(Guid.NewGuid(), "hash", " "));
        Assert.Empty((await Juno.GetWorkloadStatusAsync(key)).Metrics);
    }

    [Fact]
    public async Task UploadsActivatesAndRunsABringYourOwnModel()
    {
        var network = new Mlp(9, 2, 4, 1);
        var version = await Juno.UploadModelAsync("sdk-model", OnnxModelWriter.WriteMlp(network), "sdk-user", """{"owner": "sdk"}""");
        await Juno.ActivateModelAsync("sdk-model", version.Version, "sdk-user", "go");

        var answer = await Juno.InferAsync("sdk-model", [0.5f, -1f], "caller");

        var expected = new float[1];
        network.Forward([0.5f, -1f], expected);
        Assert.Equal(version.Version, answer.Version);
        Assert.Equal(expected[0], Assert.Single(answer.Outputs), 1e-4f);
        Assert.Equal(version.Version, (await Juno.GetModelAsync("sdk-model")).Active);
        await Assert.ThrowsAsync<ModelRejectedException>(() => Juno.UploadModelAsync("sdk-model", [1, 2], "sdk-user"));
        await Assert.ThrowsAsync<UnknownModelVersionException>(() => Juno.ActivateModelAsync("sdk-model", 42, "sdk-user", "no"));
    }

    [Fact]
    public async Task VerifiesTheAuditChainListsPolicyVersionsAndRefusesBadPolicyRequests()
    {
        var chain = await Juno.VerifyAuditAsync();
        Assert.True(chain.Valid, chain.Problem);
        Assert.Equal(SiloHostFactory.Cluster, chain.Cluster);
        Assert.Contains(await Juno.GetPoliciesAsync(), v => v.Version == PolicyVersion.BuiltinVersion && v.Kind == PolicyVersion.QAgentKind);
        Assert.Contains(await Juno.GetPolicyPerformanceAsync(), p => p.Version == PolicyVersion.BuiltinVersion);
        await Assert.ThrowsAsync<ArgumentException>(() => Juno.TrainPolicyAsync(new PolicyTrainingRequest([], 0.6, 1, 1, 2000, "sdk", "")));
        await Assert.ThrowsAsync<PolicyNotFoundException>(() => Juno.ChangePolicyRoleAsync("dqn-999", new PolicyRoleRequest(PolicyRole.Shadow, null, "sdk", "try")));
        await Assert.ThrowsAsync<PolicyConflictException>(() => Juno.ChangePolicyRoleAsync(PolicyVersion.BuiltinVersion, new PolicyRoleRequest(PolicyRole.Retired, null, "sdk", "try")));
        var series = new DemandSeries("sdk", [0, 60_000, 120_000], [1, 2, 3]);
        await Assert.ThrowsAsync<ArgumentException>(() => Juno.EvaluatePoliciesAsync(new PolicyEvaluationRequest([PolicyVersion.BuiltinVersion], [series], 0.5, 100)));
    }
}
