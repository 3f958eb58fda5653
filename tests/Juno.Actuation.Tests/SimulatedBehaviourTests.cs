using Juno.Actuation.Simulation;
using Juno.Contracts.Actions;
using Microsoft.Extensions.Time.Testing;

namespace Juno.Actuation.Tests;

/// <summary>The simulated workloads' behaviour: demand-driven and deterministic, with each attack's footprint.</summary>
public sealed class SimulatedBehaviourTests
{
    private static readonly DateTimeOffset Start = new(2030, 1, 7, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);
    private static readonly SimulatedWorkloadProfile Profile = new() { BaseRequestRate = 180, PodCapacity = 100 };

    private readonly SimulatedCluster _cluster;

    public SimulatedBehaviourTests()
    {
        _cluster = new SimulatedCluster("demo", new FakeTimeProvider(Start));
        _cluster.AddDeployment("prod", "web", Profile, 4);
    }

    [Fact]
    public void Normal_behaviour_follows_demand_and_is_the_same_on_every_reading()
    {
        var sample = _cluster.ObserveBehaviour("prod", "web", Start, Interval);
        var demand = _cluster.Observe("prod", "web", Start).RequestRate;

        Assert.Equal(sample, _cluster.ObserveBehaviour("prod", "web", Start, Interval));
        Assert.Equal(Start.ToUnixTimeMilliseconds(), sample.TimestampMs);
        Assert.InRange(sample.EgressBytes, demand * 300 * 4096 * 0.9, demand * 300 * 4096 * 1.1);
        Assert.InRange(sample.DistinctDestinations, 3, 7);
        Assert.Equal(0, sample.PrivilegedProcessStarts);
        Assert.Null(sample.Validate());
    }

    [Fact]
    public void Each_attack_leaves_its_footprint_only_while_it_is_active()
    {
        _cluster.Inject("prod", "web", new DataExfiltration(Start.AddHours(1), TimeSpan.FromHours(1), BytesPerMinute: 5e9));
        _cluster.Inject("prod", "web", new CredentialStuffing(Start.AddHours(3), TimeSpan.FromHours(1), FailuresPerMinute: 200));
        _cluster.Inject("prod", "web", new CryptoMiner(Start.AddHours(5), TimeSpan.FromHours(1), CpuShare: 0.6));
        var before = _cluster.ObserveBehaviour("prod", "web", Start, Interval);

        var exfiltration = _cluster.ObserveBehaviour("prod", "web", Start.AddHours(1.5), Interval);
        var stuffing = _cluster.ObserveBehaviour("prod", "web", Start.AddHours(3.5), Interval);
        var mining = _cluster.ObserveBehaviour("prod", "web", Start.AddHours(5.5), Interval);
        var after = _cluster.ObserveBehaviour("prod", "web", Start.AddHours(7), Interval);

        Assert.True(exfiltration.EgressBytes > before.EgressBytes + (5e9 * 5 * 0.99), $"egress {exfiltration.EgressBytes}");
        Assert.True(stuffing.AuthFailures >= 1000, $"auth failures {stuffing.AuthFailures}");
        Assert.True(stuffing.DistinctDestinations > before.DistinctDestinations + 10);
        Assert.True(mining.CpuUtilisation > _cluster.Observe("prod", "web", Start.AddHours(5.5)).Cpu - 1e-9);
        Assert.True(_cluster.Observe("prod", "web", Start.AddHours(5.5)).Cpu > _cluster.Observe("prod", "web", Start.AddHours(6.5)).Cpu + 0.3);
        Assert.True(after.AuthFailures < 10 && after.EgressBytes < before.EgressBytes * 3);
    }

    [Fact]
    public async Task An_isolated_workload_has_no_traffic()
    {
        await _cluster.ExecuteAsync(new ActuationCommand(Guid.NewGuid(), ActionKind.Isolate, "prod", "web", 4));

        var sample = _cluster.ObserveBehaviour("prod", "web", Start.AddMinutes(5), Interval);

        Assert.Equal((0d, 0d, 0d), (sample.ConnectionsOpened, sample.EgressBytes, sample.DnsQueries));
        Assert.Throws<ArgumentOutOfRangeException>(() => _cluster.ObserveBehaviour("prod", "web", Start, TimeSpan.Zero));
    }
}
