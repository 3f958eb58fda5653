using Juno.Actuation.Simulation;
using Juno.Contracts.Actions;
using Microsoft.Extensions.Time.Testing;

namespace Juno.Actuation.Tests;

public sealed class SimulatedClusterActuationTests
{
    private static readonly DateTimeOffset Start = new(2030, 1, 7, 10, 0, 0, TimeSpan.Zero);

    private static readonly SimulatedWorkloadProfile Profile = new() { BaseRequestRate = 180, PodCapacity = 100 };

    private readonly FakeTimeProvider _time = new(Start);
    private readonly SimulatedCluster _cluster;

    public SimulatedClusterActuationTests()
    {
        _cluster = new SimulatedCluster("demo", _time);
        _cluster.AddDeployment("prod", "web", Profile, 2);
        _cluster.AddNode("node-1");
    }

    [Fact]
    public async Task Only_commands_that_change_something_are_recorded_and_each_action_applies_once()
    {
        var scale = new ActuationCommand(Guid.NewGuid(), ActionKind.ScaleOut, "prod", "web", 4);
        var restart = new ActuationCommand(Guid.NewGuid(), ActionKind.Restart, "prod", "web", 4);
        var cordon = new ActuationCommand(Guid.NewGuid(), ActionKind.Cordon, "", "node-1", 0);

        Assert.Equal(new ActuationResult(true, false, "deployment prod/web scaled from 2 to 4 replicas", 4), await _cluster.ExecuteAsync(scale));
        Assert.Equal(new ActuationResult(true, true, $"action {scale.ActionId} was already applied to deployment prod/web", 4), await _cluster.ExecuteAsync(scale));
        Assert.Equal(new ActuationResult(true, false, "hold: nothing to change", null),
            await _cluster.ExecuteAsync(new ActuationCommand(Guid.NewGuid(), ActionKind.Hold, "prod", "web", 4)));
        Assert.Equal(new ActuationResult(true, false, "dry run: deployment prod/web would scale from 4 to 9 replicas", 9),
            await _cluster.ExecuteAsync(new ActuationCommand(Guid.NewGuid(), ActionKind.ScaleOut, "prod", "web", 9, DryRun: true)));
        Assert.Equal(new ActuationResult(true, false, "deployment prod/web restarted (rolling)", 4), await _cluster.ExecuteAsync(restart));
        Assert.Equal(new ActuationResult(true, false, "node node-1 cordoned", null), await _cluster.ExecuteAsync(cordon));
        Assert.Equal(new ActuationResult(true, true, $"action {cordon.ActionId} was already applied to node node-1", null), await _cluster.ExecuteAsync(cordon));

        Assert.Equal([scale, restart, cordon], _cluster.Executed);
        Assert.Equal(4, _cluster.Deployments.Single().DesiredReplicas);
        Assert.Equal(restart.ActionId, _cluster.Deployments.Single().LastActionId);
        Assert.True(_cluster.Nodes.Single().Unschedulable);
        Assert.True(_cluster.ObserveNode("node-1", Start).Unschedulable);
    }

    [Fact]
    public async Task Isolation_applies_once_and_a_dry_run_changes_nothing()
    {
        var dryRun = new ActuationCommand(Guid.NewGuid(), ActionKind.Isolate, "prod", "web", 2, DryRun: true);
        var isolate = new ActuationCommand(Guid.NewGuid(), ActionKind.Isolate, "prod", "web", 2);

        Assert.Equal(new ActuationResult(true, false, "dry run: deployment prod/web would be isolated", 2), await _cluster.ExecuteAsync(dryRun));
        Assert.False(_cluster.Deployments.Single().IsIsolated);
        Assert.Equal(new ActuationResult(true, false, "deployment prod/web isolated: all ingress and egress of its pods denied", 2), await _cluster.ExecuteAsync(isolate));
        Assert.True((await _cluster.ExecuteAsync(isolate)).AlreadyApplied);

        Assert.True(_cluster.Deployments.Single().IsIsolated);
        Assert.Equal([isolate], _cluster.Executed);
        await Assert.ThrowsAsync<ActuationException>(() =>
            _cluster.ExecuteAsync(new ActuationCommand(Guid.NewGuid(), ActionKind.Isolate, "prod", "ghost", 1)));
    }

    [Fact]
    public async Task Observing_a_workload_reports_pods_that_are_not_ready_yet()
    {
        var action = new ActuationCommand(Guid.NewGuid(), ActionKind.ScaleOut, "prod", "web", 5);
        await _cluster.ExecuteAsync(action);

        Assert.Equal(new WorkloadObservation("prod", "web", 5, 2, action.ActionId.ToString()), await _cluster.ObserveWorkloadAsync("prod", "web"));

        _time.Advance(Profile.StartupDelay);

        Assert.Equal(new WorkloadObservation("prod", "web", 5, 5, action.ActionId.ToString()), await _cluster.ObserveWorkloadAsync("prod", "web"));
        Assert.Null(await _cluster.ObserveWorkloadAsync("prod", "ghost"));
    }

    [Theory]
    [InlineData(ActionKind.ScaleOut, "prod", "ghost", "ScaleOut deployment prod/ghost: not found in simulated cluster demo")]
    [InlineData(ActionKind.Restart, "prod", "ghost", "Restart deployment prod/ghost: not found in simulated cluster demo")]
    [InlineData(ActionKind.Cordon, "", "ghost", "Cordon node ghost: not found in simulated cluster demo")]
    public async Task A_missing_target_fails_like_the_kubernetes_actuator(ActionKind kind, string @namespace, string name, string message)
    {
        var failure = await Assert.ThrowsAsync<ActuationException>(() =>
            _cluster.ExecuteAsync(new ActuationCommand(Guid.NewGuid(), kind, @namespace, name, 3)));

        Assert.Equal(ActuationFailure.NotFound, failure.Failure);
        Assert.Equal(message, failure.Message);
        Assert.Empty(_cluster.Executed);
    }

    [Fact]
    public void Duplicate_names_and_invalid_profiles_are_refused()
    {
        Assert.Throws<InvalidOperationException>(() => _cluster.AddDeployment("prod", "web", Profile, 1));
        Assert.Throws<InvalidOperationException>(() => _cluster.AddNode("node-1"));
        Assert.Throws<ArgumentException>(() => _cluster.AddDeployment("prod", "api", Profile with { PodCapacity = 0 }, 1));
        Assert.Throws<ArgumentException>(() => _cluster.Inject("prod", "web", new MemoryLeak(Start, TimeSpan.Zero, 0.01)));
    }

    [Fact]
    public async Task Concurrent_actions_and_observations_stay_consistent()
    {
        var commands = Enumerable.Range(0, 400)
            .Select(i => new ActuationCommand(Guid.NewGuid(), i % 2 == 0 ? ActionKind.ScaleOut : ActionKind.ScaleIn, "prod", "web", 1 + (i % 7)))
            .ToList();

        await Parallel.ForEachAsync(commands, async (command, ct) =>
        {
            await _cluster.ExecuteAsync(command, ct);
            var telemetry = _cluster.Observe("prod", "web", _time.GetUtcNow());
            Assert.InRange(telemetry.ReadyReplicas, 0, telemetry.DesiredReplicas);
        });

        Assert.Equal(commands.ToHashSet(), _cluster.Executed.ToHashSet());
        Assert.Equal(_cluster.Executed[^1].TargetReplicas, _cluster.Deployments.Single().DesiredReplicas);
    }
}
