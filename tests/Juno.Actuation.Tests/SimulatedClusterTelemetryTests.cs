using Juno.Actuation.Simulation;
using Juno.Contracts.Actions;
using Microsoft.Extensions.Time.Testing;

namespace Juno.Actuation.Tests;

public sealed class SimulatedClusterTelemetryTests
{
    private const int Precision = 9;

    /// <summary>A Monday, mid-morning UTC.</summary>
    private static readonly DateTimeOffset Start = new(2030, 1, 7, 10, 0, 0, TimeSpan.Zero);

    /// <summary>180 rps around the clock, no noise: two pods run at 90%, four at 45%.</summary>
    private static readonly SimulatedWorkloadProfile Flat = new()
    {
        BaseRequestRate = 180,
        PodCapacity = 100,
        DailyAmplitude = 0,
        WeekendFactor = 1,
        NoiseFraction = 0,
    };

    private readonly FakeTimeProvider _time = new(Start);

    [Fact]
    public async Task The_same_seed_gives_the_same_telemetry_and_another_seed_does_not()
    {
        async Task<double[]> Series(int seed)
        {
            var time = new FakeTimeProvider(Start);
            var cluster = new SimulatedCluster("demo", time, seed);
            cluster.AddDeployment("prod", "web", new SimulatedWorkloadProfile { BaseRequestRate = 180, PodCapacity = 100 }, 2);
            cluster.Inject("prod", "web", new TrafficSurge(Start.AddMinutes(5), TimeSpan.FromMinutes(5), 1.5));
            time.Advance(TimeSpan.FromMinutes(10));
            await cluster.ExecuteAsync(new ActuationCommand(Guid.NewGuid(), ActionKind.ScaleOut, "prod", "web", 3));
            return [.. Enumerable.Range(0, 180)
                .Select(i => cluster.Observe("prod", "web", Start.AddSeconds(10 * i)))
                .SelectMany(t => new[] { t.Cpu, t.Memory, t.LatencyP95Ms, t.ErrorRate, t.RequestRate, t.ReadyReplicas })];
        }

        Assert.Equal(await Series(7), await Series(7));
        Assert.NotEqual(await Series(7), await Series(8));
    }

    [Fact]
    public void Noise_stays_within_its_fraction_of_the_modelled_demand()
    {
        var cluster = new SimulatedCluster("demo", _time);
        cluster.AddDeployment("prod", "web", Flat with { NoiseFraction = 0.05 }, 2);

        var rates = Enumerable.Range(0, 1000).Select(i => cluster.Observe("prod", "web", Start.AddSeconds(i)).RequestRate).ToList();

        Assert.All(rates, rate => Assert.InRange(rate, 180 * 0.95, 180 * 1.05));
        Assert.True(rates.Distinct().Count() > 900, "noise should differ from one second to the next");
    }

    [Fact]
    public void Demand_peaks_in_the_afternoon_and_dips_at_the_weekend()
    {
        var cluster = new SimulatedCluster("demo", _time);
        cluster.AddDeployment("prod", "web", Flat with { DailyAmplitude = 0.5, WeekendFactor = 0.7 }, 10);
        double Demand(int day, int hour) => cluster.Observe("prod", "web", new DateTimeOffset(2030, 1, day, hour, 0, 0, TimeSpan.Zero)).RequestRate;

        Assert.Equal(270, Demand(7, 14), Precision); // Monday peak: base x 1.5
        Assert.Equal(90, Demand(7, 2), Precision); // Monday trough: base x 0.5
        Assert.Equal(180, Demand(7, 8), Precision);
        Assert.Equal(270 * 0.7, Demand(12, 14), Precision); // Saturday
    }

    [Fact]
    public async Task Cpu_falls_after_a_scale_out_only_once_the_new_pods_are_ready()
    {
        var cluster = new SimulatedCluster("demo", _time);
        cluster.AddDeployment("prod", "web", Flat, 2);

        await cluster.ExecuteAsync(new ActuationCommand(Guid.NewGuid(), ActionKind.ScaleOut, "prod", "web", 4));

        var before = cluster.Observe("prod", "web", Start.AddMinutes(-1));
        var starting = cluster.Observe("prod", "web", Start.AddSeconds(29));
        var ready = cluster.Observe("prod", "web", Start.AddSeconds(30));
        Assert.Equal((2, 2), (before.DesiredReplicas, before.ReadyReplicas));
        Assert.Equal(0.9, before.Cpu, Precision);
        Assert.Equal((4, 2), (starting.DesiredReplicas, starting.ReadyReplicas));
        Assert.Equal(0.9, starting.Cpu, Precision);
        Assert.Equal((4, 4), (ready.DesiredReplicas, ready.ReadyReplicas));
        Assert.Equal(0.45, ready.Cpu, Precision);
        Assert.Equal(20 / (1 - 0.9), starting.LatencyP95Ms, Precision);
        Assert.Equal(20 / (1 - 0.45), ready.LatencyP95Ms, Precision);
    }

    [Fact]
    public async Task A_memory_leak_grows_until_a_restart_completes_and_then_starts_again_from_zero()
    {
        var cluster = new SimulatedCluster("demo", _time);
        cluster.AddDeployment("prod", "web", Flat, 4);
        cluster.Inject("prod", "web", new MemoryLeak(Start, TimeSpan.FromHours(1), RatePerMinute: 0.01));
        const double Healthy = 0.4 + (0.1 * 0.45); // base + load share at 45% utilisation
        double Memory(TimeSpan after) => cluster.Observe("prod", "web", Start + after).Memory;

        Assert.Equal(Healthy + 0.1, Memory(TimeSpan.FromMinutes(10)), Precision);

        _time.Advance(TimeSpan.FromMinutes(10));
        await cluster.ExecuteAsync(new ActuationCommand(Guid.NewGuid(), ActionKind.Restart, "prod", "web", 4));

        Assert.Equal(Healthy + (0.01 * 10.5), Memory(TimeSpan.FromMinutes(10.5) - TimeSpan.FromTicks(1)), Precision); // replacements still starting
        Assert.Equal(Healthy, Memory(TimeSpan.FromMinutes(10.5)), Precision);
        Assert.Equal(Healthy + 0.05, Memory(TimeSpan.FromMinutes(15.5)), Precision); // the leak itself goes on
        Assert.Equal(Healthy + (0.01 * 49.5), Memory(TimeSpan.FromHours(2)), Precision); // and stops when it ends
        Assert.Equal(4, cluster.Observe("prod", "web", Start.AddMinutes(10.25)).ReadyReplicas); // a rolling restart keeps serving
    }

    [Fact]
    public void Latency_and_errors_rise_with_a_traffic_surge_and_recover_after_it()
    {
        var cluster = new SimulatedCluster("demo", _time);
        cluster.AddDeployment("prod", "web", Flat, 4);
        cluster.Inject("prod", "web", new TrafficSurge(Start.AddMinutes(5), TimeSpan.FromMinutes(5), Factor: 2));
        cluster.Inject("prod", "web", new TrafficSurge(Start.AddMinutes(20), TimeSpan.FromMinutes(5), Factor: 3));
        WorkloadTelemetry At(int minutes) => cluster.Observe("prod", "web", Start.AddMinutes(minutes));

        var calm = At(0);
        var busy = At(6);
        var overloaded = At(21);
        var after = At(30);

        Assert.Equal(20 / 0.55, calm.LatencyP95Ms, Precision);
        Assert.Equal(0.9, busy.Cpu, Precision);
        Assert.Equal(360, busy.RequestRate, Precision);
        Assert.Equal(0.001, busy.ErrorRate, Precision);
        Assert.Equal(20 / (1 - 0.9), busy.LatencyP95Ms, Precision);
        Assert.Equal(1, overloaded.Cpu, Precision);
        Assert.Equal(20 / (1 - 0.99), overloaded.LatencyP95Ms, Precision); // saturated: capped at 100x base
        Assert.Equal(0.001 + (0.35 / 1.35), overloaded.ErrorRate, Precision); // the excess over capacity fails
        Assert.Equal(calm, after);
    }

    [Fact]
    public void Error_bursts_and_latency_spikes_add_to_the_modelled_values_while_active()
    {
        var cluster = new SimulatedCluster("demo", _time);
        cluster.AddDeployment("prod", "web", Flat, 4);
        cluster.Inject("prod", "web", new ErrorBurst(Start, TimeSpan.FromMinutes(5), Rate: 0.2));
        cluster.Inject("prod", "web", new LatencySpike(Start, TimeSpan.FromMinutes(5), Milliseconds: 150));

        var during = cluster.Observe("prod", "web", Start.AddMinutes(1));
        var after = cluster.Observe("prod", "web", Start.AddMinutes(5));

        Assert.Equal(0.201, during.ErrorRate, Precision);
        Assert.Equal((20 / 0.55) + 150, during.LatencyP95Ms, Precision);
        Assert.Equal(0.001, after.ErrorRate, Precision);
        Assert.Equal(20 / 0.55, after.LatencyP95Ms, Precision);
    }

    [Fact]
    public async Task Without_ready_pods_every_request_fails()
    {
        var cluster = new SimulatedCluster("demo", _time);
        cluster.AddDeployment("prod", "web", Flat, 2);

        var result = await cluster.ExecuteAsync(new ActuationCommand(Guid.NewGuid(), ActionKind.ScaleIn, "prod", "web", -3));

        Assert.Equal(new ActuationResult(true, false, "deployment prod/web scaled from 2 to 0 replicas", 0), result);
        var telemetry = cluster.Observe("prod", "web", Start);
        Assert.Equal(new WorkloadTelemetry(0, 0, 20 / (1 - 0.99), 1, 180, 0, 0), telemetry);
    }

    [Fact]
    public void Nodes_carry_an_even_share_of_the_ready_pods()
    {
        var cluster = new SimulatedCluster("demo", _time);
        cluster.AddDeployment("prod", "web", Flat, 4);
        cluster.AddNode("node-1");
        cluster.AddNode("node-2");

        var node = cluster.ObserveNode("node-1", Start);

        // 4 pods at 45% CPU and 44.5% memory over 2 nodes x 8 pod slots, on top of the system share.
        var cpu = 0.05 + (4 * 0.45 / 16);
        Assert.InRange(node.Cpu, cpu * 0.97, cpu * 1.03);
        Assert.Equal(0.15 + (4 * 0.445 / 16), node.Memory, Precision);
        Assert.False(node.Unschedulable);
    }

    [Fact]
    public void Observing_an_unknown_workload_or_node_names_it()
    {
        var cluster = new SimulatedCluster("demo", _time);

        Assert.Equal("Simulated cluster demo has no deployment prod/ghost.",
            Assert.Throws<KeyNotFoundException>(() => cluster.Observe("prod", "ghost", Start)).Message);
        Assert.Equal("Simulated cluster demo has no node ghost.",
            Assert.Throws<KeyNotFoundException>(() => cluster.ObserveNode("ghost", Start)).Message);
    }
}
