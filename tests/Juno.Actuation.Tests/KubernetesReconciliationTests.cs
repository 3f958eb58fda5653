using Juno.Contracts.Actions;

namespace Juno.Actuation.Tests;

/// <summary>After an interrupted execution, reconciliation asks the cluster whether the action shows, without changing
/// anything: the id stamp, or for a scale the replica count (the scale lands before its stamp).</summary>
public sealed class KubernetesReconciliationTests : EmulatorTest
{
    [Fact]
    public async Task An_applied_action_shows_and_an_unapplied_one_does_not()
    {
        Emulator.AddDeployment("prod", "web", replicas: 3, readyReplicas: 3);
        Emulator.AddNode("node-1");
        var actuator = Actuator();
        var scale = new ActuationCommand(Guid.NewGuid(), ActionKind.ScaleOut, "prod", "web", 5);
        var restart = new ActuationCommand(Guid.NewGuid(), ActionKind.Restart, "prod", "web", 5);
        var cordon = new ActuationCommand(Guid.NewGuid(), ActionKind.Cordon, "", "node-1", 0);
        var isolate = new ActuationCommand(Guid.NewGuid(), ActionKind.Isolate, "prod", "web", 5);

        Assert.Equal(AppliedState.NotApplied, await actuator.FindAppliedAsync(scale));
        Assert.Equal(AppliedState.NotApplied, await actuator.FindAppliedAsync(restart));
        Assert.Equal(AppliedState.NotApplied, await actuator.FindAppliedAsync(cordon));
        Assert.Equal(AppliedState.NotApplied, await actuator.FindAppliedAsync(isolate));
        var writesBefore = Emulator.Requests.Count(r => r.Method != "GET");
        Assert.Equal(0, writesBefore);

        await actuator.ExecuteAsync(scale);
        await actuator.ExecuteAsync(cordon);
        await actuator.ExecuteAsync(isolate);

        Assert.Equal(AppliedState.Applied, await actuator.FindAppliedAsync(scale));
        Assert.Equal(AppliedState.Applied, await actuator.FindAppliedAsync(cordon));
        Assert.Equal(AppliedState.Applied, await actuator.FindAppliedAsync(isolate));
        // The restart never ran: the scale's stamp is on the deployment, not the restart's.
        Assert.Equal(AppliedState.NotApplied, await actuator.FindAppliedAsync(restart));
    }

    [Fact]
    public async Task A_scale_that_landed_before_its_stamp_still_shows_by_its_replica_count()
    {
        Emulator.AddDeployment("prod", "web", replicas: 5, readyReplicas: 5);

        var landed = new ActuationCommand(Guid.NewGuid(), ActionKind.ScaleOut, "prod", "web", 5);
        var other = new ActuationCommand(Guid.NewGuid(), ActionKind.ScaleOut, "prod", "web", 7);

        Assert.Equal(AppliedState.Applied, await Actuator().FindAppliedAsync(landed));
        Assert.Equal(AppliedState.NotApplied, await Actuator().FindAppliedAsync(other));
    }

    [Fact]
    public async Task A_target_that_is_gone_reads_as_gone()
    {
        var command = new ActuationCommand(Guid.NewGuid(), ActionKind.ScaleOut, "prod", "missing", 5);

        Assert.Equal(AppliedState.TargetGone, await Actuator().FindAppliedAsync(command));
        Assert.Equal(AppliedState.TargetGone, await Actuator().FindAppliedAsync(new ActuationCommand(Guid.NewGuid(), ActionKind.Cordon, "", "node-x", 0)));
    }
}
