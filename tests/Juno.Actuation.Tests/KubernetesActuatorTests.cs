using Juno.Contracts.Actions;
using k8s;

namespace Juno.Actuation.Tests;

public sealed class KubernetesActuatorTests : EmulatorTest
{
    private const string Deployment = "/apis/apps/v1/namespaces/prod/deployments/web";
    private const string Scale = "/apis/apps/v1/namespaces/prod/deployments/web/scale";
    private const string LastActionId = "juno.io/last-action-id";

    [Theory]
    [InlineData(ActionKind.ScaleOut, 2, 5)]
    [InlineData(ActionKind.ScaleIn, 5, 3)]
    public async Task Scaling_replaces_the_scale_subresource_and_stamps_the_action_id(ActionKind kind, int from, int to)
    {
        Emulator.AddDeployment("prod", "web", replicas: from, readyReplicas: from);
        var actionId = Guid.NewGuid();

        var result = await Actuator().ExecuteAsync(new ActuationCommand(actionId, kind, "prod", "web", to));

        Assert.Equal(new ActuationResult(true, false, $"deployment prod/web scaled from {from} to {to} replicas", to), result);
        var deployment = Emulator.Deployment("prod", "web");
        Assert.Equal(to, deployment.Spec.Replicas);
        Assert.Equal(actionId.ToString(), deployment.Metadata.Annotations[LastActionId]);
        Assert.Equal("3", deployment.Metadata.ResourceVersion); // seeded at 1; the scale wrote 2, the stamp 3
        Assert.Equal([$"GET {Deployment}", $"PUT {Scale}", $"PATCH {Deployment}"], RequestLines());
    }

    [Fact]
    public async Task Restart_sets_the_pod_template_restartedAt_annotation_with_a_strategic_merge_patch()
    {
        Emulator.AddDeployment("prod", "web", replicas: 3, readyReplicas: 3);
        var actionId = Guid.NewGuid();

        var result = await Actuator().ExecuteAsync(new ActuationCommand(actionId, ActionKind.Restart, "prod", "web", 3));

        Assert.Equal(new ActuationResult(true, false, "deployment prod/web restarted (rolling)", 3), result);
        var deployment = Emulator.Deployment("prod", "web");
        Assert.Equal("2030-01-02T03:04:05Z", deployment.Spec.Template.Metadata.Annotations["kubectl.kubernetes.io/restartedAt"]);
        Assert.Equal(actionId.ToString(), deployment.Metadata.Annotations[LastActionId]);
        Assert.Equal(3, deployment.Spec.Replicas);
        Assert.Equal("2", deployment.Metadata.ResourceVersion);
        var patch = Assert.Single(Emulator.Requests, r => r.Method == "PATCH");
        Assert.Equal("application/strategic-merge-patch+json; charset=utf-8", patch.ContentType);
    }

    [Fact]
    public async Task Cordon_marks_the_node_unschedulable()
    {
        Emulator.AddNode("node-1");
        var actionId = Guid.NewGuid();

        var result = await Actuator().ExecuteAsync(new ActuationCommand(actionId, ActionKind.Cordon, "", "node-1", 0));

        Assert.Equal(new ActuationResult(true, false, "node node-1 cordoned", null), result);
        var node = Emulator.Node("node-1");
        Assert.True(node.Spec.Unschedulable);
        Assert.Equal(actionId.ToString(), node.Metadata.Annotations[LastActionId]);
        Assert.Equal("2", node.Metadata.ResourceVersion);
        Assert.Equal(["GET /api/v1/nodes/node-1", "PATCH /api/v1/nodes/node-1"], RequestLines());
    }

    [Theory]
    [InlineData(ActionKind.ScaleOut)]
    [InlineData(ActionKind.Restart)]
    [InlineData(ActionKind.Cordon)]
    public async Task The_same_action_executed_twice_changes_the_object_once(ActionKind kind)
    {
        Emulator.AddDeployment("prod", "web", replicas: 2, readyReplicas: 2);
        Emulator.AddNode("node-1");
        var command = kind == ActionKind.Cordon
            ? new ActuationCommand(Guid.NewGuid(), kind, "", "node-1", 0)
            : new ActuationCommand(Guid.NewGuid(), kind, "prod", "web", 4);
        var actuator = Actuator();
        await actuator.ExecuteAsync(command);
        var deploymentVersion = Emulator.Deployment("prod", "web").Metadata.ResourceVersion;
        var nodeVersion = Emulator.Node("node-1").Metadata.ResourceVersion;
        var requestsBefore = Emulator.Requests.Count;

        var again = await actuator.ExecuteAsync(command);

        var (target, replicas) = kind switch
        {
            ActionKind.ScaleOut => ("deployment prod/web", 4),
            ActionKind.Restart => ("deployment prod/web", 2),
            _ => ("node node-1", (int?)null),
        };
        Assert.Equal(new ActuationResult(true, true, $"action {command.ActionId} was already applied to {target}", replicas), again);
        Assert.Equal(deploymentVersion, Emulator.Deployment("prod", "web").Metadata.ResourceVersion);
        Assert.Equal(nodeVersion, Emulator.Node("node-1").Metadata.ResourceVersion);
        var read = Assert.Single(Emulator.Requests.Skip(requestsBefore));
        Assert.Equal("GET", read.Method);
    }

    [Theory]
    [InlineData(ActionKind.ScaleOut, "dry run: deployment prod/web would scale from 2 to 6 replicas", 6)]
    [InlineData(ActionKind.Restart, "dry run: deployment prod/web would be restarted", 2)]
    [InlineData(ActionKind.Cordon, "dry run: node node-1 would be cordoned", null)]
    public async Task A_dry_run_is_validated_by_the_server_and_changes_nothing(ActionKind kind, string detail, int? replicas)
    {
        var deploymentBefore = Emulator.AddDeployment("prod", "web", replicas: 2, readyReplicas: 2);
        var nodeBefore = Emulator.AddNode("node-1");
        var command = kind == ActionKind.Cordon
            ? new ActuationCommand(Guid.NewGuid(), kind, "", "node-1", 0, DryRun: true)
            : new ActuationCommand(Guid.NewGuid(), kind, "prod", "web", 6, DryRun: true);

        var result = await Actuator().ExecuteAsync(command);

        Assert.Equal(new ActuationResult(true, false, detail, replicas), result);
        Assert.Equal(KubernetesJson.Serialize(deploymentBefore), KubernetesJson.Serialize(Emulator.Deployment("prod", "web")));
        Assert.Equal(KubernetesJson.Serialize(nodeBefore), KubernetesJson.Serialize(Emulator.Node("node-1")));
        var writes = Emulator.Requests.Where(r => r.Method != "GET").ToList();
        Assert.NotEmpty(writes);
        Assert.All(writes, w => Assert.Equal("?dryRun=All", w.Query));
    }

    [Fact]
    public async Task A_dry_run_that_the_server_rejects_fails_like_the_real_command()
    {
        Emulator.AddDeployment("prod", "web", replicas: 2, readyReplicas: 2);

        var failure = await Assert.ThrowsAsync<ActuationException>(() =>
            Actuator().ExecuteAsync(new ActuationCommand(Guid.NewGuid(), ActionKind.ScaleIn, "prod", "web", -1, DryRun: true)));

        Assert.Equal(ActuationFailure.Invalid, failure.Failure);
    }

    [Fact]
    public async Task Hold_makes_no_request()
    {
        var result = await Actuator().ExecuteAsync(new ActuationCommand(Guid.NewGuid(), ActionKind.Hold, "prod", "web", 2));

        Assert.Equal(new ActuationResult(true, false, "hold: nothing to change", null), result);
        Assert.Empty(Emulator.Requests);
    }

    [Fact]
    public async Task Observing_reports_replicas_and_the_last_action()
    {
        Emulator.AddDeployment("prod", "web", replicas: 4, readyReplicas: 3);
        var actuator = Actuator();
        Assert.Equal(new WorkloadObservation("prod", "web", 4, 3, null), await actuator.ObserveWorkloadAsync("prod", "web"));

        var actionId = Guid.NewGuid();
        await actuator.ExecuteAsync(new ActuationCommand(actionId, ActionKind.ScaleOut, "prod", "web", 6));

        Assert.Equal(new WorkloadObservation("prod", "web", 6, 3, actionId.ToString()), await actuator.ObserveWorkloadAsync("prod", "web"));
    }

    [Fact]
    public async Task Observing_a_missing_workload_returns_null()
    {
        Assert.Null(await Actuator().ObserveWorkloadAsync("prod", "ghost"));
    }
}
