using Juno.Actuation.Simulation;
using Juno.Contracts.Actions;
using Juno.Contracts.Grains;
using Juno.Contracts.Keys;
using Juno.Contracts.Telemetry;
using Juno.Integration.Tests.Infrastructure;
using Xunit;

namespace Juno.Integration.Tests.Healing;

/// <summary>The multivariate diagnosis on a real silo, fed from the simulated cluster: the shape of what goes wrong,
/// the metric that drives it, the remedy, and the cluster's at-risk list.</summary>
public sealed class DiagnosisTests(DiagnosisTests.Fixture fixture) : IClassFixture<DiagnosisTests.Fixture>
{
    public sealed class Fixture : GrainClusterFixture;

    private static readonly SimulatedWorkloadProfile Profile = new() { BaseRequestRate = 100, PodCapacity = 50 };

    [Fact]
    public async Task AQuietWorkloadIsDiagnosedHealthyWithNoBreachInSight()
    {
        var (workload, _) = await FedWorkloadAsync("calm", incident: null);

        var report = await workload.Diagnose();

        Assert.Equal("none", report.Severity);
        Assert.Equal(ActionKind.Hold, report.RecommendedAction);
        Assert.True(report.Breach.Within30Minutes < 0.05, $"breach within 30 min {report.Breach.Within30Minutes}: {report.Breach.Reason}");
        Assert.True(report.Breach.Within15Minutes <= report.Breach.Within30Minutes);
    }

    [Fact]
    public async Task AMemoryLeakIsATrendOnMemoryAndTheRemedyIsARestart()
    {
        var start = fixture.Time.GetUtcNow() - TimeSpan.FromMinutes(90);
        var (workload, _) = await FedWorkloadAsync("leak", new MemoryLeak(start, TimeSpan.FromHours(3), RatePerMinute: 0.004));

        var report = await workload.Diagnose();

        Assert.Equal("memory", report.Drivers[0].Metric);
        Assert.Equal("trend", report.Type);
        Assert.NotEqual("none", report.Severity);
        Assert.Equal(ActionKind.Restart, report.RecommendedAction);
    }

    [Fact]
    public async Task LatencyClimbingThroughTheSloPutsTheWorkloadOnTheClustersAtRiskList()
    {
        var start = fixture.Time.GetUtcNow() - TimeSpan.FromMinutes(12);
        var (workload, key) = await FedWorkloadAsync("slow", new LatencySpike(start, TimeSpan.FromHours(2), Milliseconds: 400));

        var report = await workload.Diagnose();
        await workload.DecideNow();

        Assert.Equal("latency_p95_ms", report.Breach.Metric);
        Assert.True(report.Breach.Within15Minutes > 0.9, $"breach within 15 min {report.Breach.Within15Minutes}: {report.Breach.Reason}");
        Assert.Contains(report.Drivers, d => d.Metric == "latency_p95_ms");
        var status = await fixture.Grains.GetGrain<IIncidentLogGrain>(GrainClusterFixture.Cluster).GetHealingStatus(TimeSpan.FromHours(24));
        var atRisk = Assert.Single(status.AtRisk, r => r.Entity == key);
        Assert.True(atRisk.Within30Minutes >= 0.5);
    }

    private async Task<(IWorkloadGrain Grain, string Key)> FedWorkloadAsync(string name, SimulatedIncident? incident)
    {
        fixture.Simulated.AddDeployment("shop", $"{name}-web", Profile, replicas: 4);
        if (incident is not null)
        {
            fixture.Simulated.Inject("shop", $"{name}-web", incident);
        }

        var key = EntityKeys.Workload("diag", GrainClusterFixture.Cluster, "shop", $"{name}-web");
        var workload = fixture.Grains.GetGrain<IWorkloadGrain>(key);
        var now = fixture.Time.GetUtcNow();
        var batch = SimulatedTelemetry.Minutes(fixture.Simulated, "shop", $"{name}-web", now - TimeSpan.FromHours(8), now);
        Assert.Equal(batch.Samples.Length, (await workload.Ingest(batch)).Accepted);
        return (workload, key);
    }
}
