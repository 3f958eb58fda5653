using Juno.Actuation.Simulation;
using Juno.Contracts.Governance;
using Juno.Contracts.Grains;
using Juno.Contracts.Keys;
using Juno.Contracts.Telemetry;
using Juno.Integration.Tests.Infrastructure;
using Xunit;

namespace Juno.Integration.Tests.Grains;

/// <summary>State in PostgreSQL through Orleans' ADO.NET grain storage outlives the silo.</summary>
public sealed class PersistenceTests(PersistenceTests.Fixture fixture) : IClassFixture<PersistenceTests.Fixture>
{
    public sealed class Fixture : GrainClusterFixture;

    [Fact]
    public async Task ModelsAndHeldApprovalsSurviveASiloRestart()
    {
        var key = EntityKeys.Workload("persist", GrainClusterFixture.Cluster, "shop", "persist-web");
        var start = fixture.Time.GetUtcNow().AddHours(-10).ToUnixTimeMilliseconds();
        var samples = Enumerable.Range(0, 600)
            .SelectMany(i => new[]
            {
                new MetricSample(MetricKind.Cpu, start + i * 60_000L, 0.5 + 0.1 * Math.Sin(i / 40.0)),
                new MetricSample(MetricKind.RequestRate, start + i * 60_000L, 300 + 50 * Math.Sin(i / 40.0)),
            })
            .ToArray();
        await fixture.Grains.GetGrain<IWorkloadGrain>(key).Ingest(new SampleBatch(samples));
        var statusBefore = await fixture.Grains.GetGrain<IWorkloadGrain>(key).GetStatus();
        var forecastBefore = await fixture.Grains.GetGrain<IWorkloadGrain>(key).GetForecast();

        await fixture.Grains.GetGrain<ITenantGrain>("persist").SetPolicy(new TenantPolicy(0.05, 1, 20));
        fixture.Simulated.AddDeployment("shop", "persist-web", new SimulatedWorkloadProfile { BaseRequestRate = 100, PodCapacity = 50 }, 3);
        var held = Proposals.Restart("persist", GrainClusterFixture.Cluster, "shop", "persist-web", 3, fixture.Time.GetUtcNow());
        Assert.Equal(Verdict.Held, (await fixture.Grains.GetGrain<IGovernanceGrain>(GrainClusterFixture.Cluster).Submit(held)).Verdict);
        var pendingBefore = Assert.Single(await fixture.Grains.GetGrain<IGovernanceGrain>(GrainClusterFixture.Cluster).GetPending());

        await fixture.RestartSiloAsync();

        var statusAfter = await fixture.Grains.GetGrain<IWorkloadGrain>(key).GetStatus();
        Assert.Equal(statusBefore.Metrics, statusAfter.Metrics);
        var forecastAfter = await fixture.Grains.GetGrain<IWorkloadGrain>(key).GetForecast();
        Assert.Equal(
            forecastBefore.Metrics.SelectMany(m => m.Horizons),
            forecastAfter.Metrics.SelectMany(m => m.Horizons));
        Assert.Equal(0.05, (await fixture.Grains.GetGrain<ITenantGrain>("persist").GetPolicy()).RiskTolerance);
        var pendingAfter = Assert.Single(await fixture.Grains.GetGrain<IGovernanceGrain>(GrainClusterFixture.Cluster).GetPending());
        Assert.Equal(pendingBefore.Action.ActionId, pendingAfter.Action.ActionId);
        Assert.Equal(pendingBefore.ExpiresAt, pendingAfter.ExpiresAt);
        Assert.Contains(key, await fixture.Grains.GetGrain<IEntityDirectoryGrain>(GrainClusterFixture.Cluster).List(Contracts.Actions.EntityKind.Workload));
    }
}
