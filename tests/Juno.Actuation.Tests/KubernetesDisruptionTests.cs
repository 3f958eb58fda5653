using Juno.Contracts.Actions;
using Microsoft.Extensions.Options;

namespace Juno.Actuation.Tests;

/// <summary>Uncordon, delete pod, drain through the eviction API (PodDisruptionBudgets honoured: a 429 is waited on,
/// never forced), and rollback to the previous ReplicaSet, over real HTTP against the emulator; dry run changes nothing.</summary>
public sealed class KubernetesDisruptionTests : EmulatorTest
{
    private static readonly Dictionary<string, string> Web = new() { ["app"] = "web" };

    [Fact]
    public async Task Uncordon_makes_the_node_schedulable_once()
    {
        Emulator.AddNode("node-1");
        var actuator = Actuator();
        await actuator.ExecuteAsync(new ActuationCommand(Guid.NewGuid(), ActionKind.Cordon, "", "node-1", 0));
        var uncordon = new ActuationCommand(Guid.NewGuid(), ActionKind.Uncordon, "", "node-1", 0);

        Assert.Equal(new ActuationResult(true, false, "node node-1 uncordoned", null), await actuator.ExecuteAsync(uncordon));
        Assert.False(Emulator.Node("node-1").Spec.Unschedulable);
        Assert.True((await actuator.ExecuteAsync(uncordon)).AlreadyApplied);
        Assert.Equal(AppliedState.Applied, await actuator.FindAppliedAsync(uncordon));
    }

    [Fact]
    public async Task Deleting_a_pod_removes_it_and_a_pod_already_gone_counts_as_deleted()
    {
        Emulator.AddPod("prod", "web-1", "node-1", Web);
        var actuator = Actuator();
        var command = new ActuationCommand(Guid.NewGuid(), ActionKind.DeletePod, "prod", "web-1", 0);

        var dryRun = await actuator.ExecuteAsync(command with { DryRun = true });
        Assert.Equal("dry run: pod prod/web-1 would be deleted", dryRun.Detail);
        Assert.True(Emulator.HasPod("prod", "web-1"));
        Assert.Equal(AppliedState.NotApplied, await actuator.FindAppliedAsync(command));

        Assert.Equal(new ActuationResult(true, false, "pod prod/web-1 deleted; its controller replaces it", null), await actuator.ExecuteAsync(command));
        Assert.False(Emulator.HasPod("prod", "web-1"));
        Assert.Equal(new ActuationResult(true, true, "pod prod/web-1 is already gone", null), await actuator.ExecuteAsync(command));
        Assert.Equal(AppliedState.Applied, await actuator.FindAppliedAsync(command));
    }

    [Fact]
    public async Task A_drain_cordons_evicts_all_but_daemonset_pods_and_waits_out_a_disruption_budget()
    {
        Emulator.AddNode("node-1");
        Emulator.AddPod("prod", "web-a", "node-1", Web);
        Emulator.AddPod("prod", "web-b", "node-1", Web);
        Emulator.AddPod("kube-system", "logs-x", "node-1", new Dictionary<string, string> { ["app"] = "logs" }, ownerKind: "DaemonSet");
        Emulator.AddPod("prod", "api-a", "node-2", new Dictionary<string, string> { ["app"] = "api" });
        Emulator.AddPodDisruptionBudget("prod", "web-pdb", Web, minAvailable: 1);
        // The second eviction would leave no web pod: refused until the replacement of the first comes up elsewhere.
        var refusals = 0;
        Emulator.EvictionRefused = _ =>
        {
            if (++refusals == 2)
            {
                Emulator.AddPod("prod", "web-c", "node-2", Web);
            }
        };

        var result = await Actuator().ExecuteAsync(new ActuationCommand(Guid.NewGuid(), ActionKind.Drain, "", "node-1", 0));

        Assert.True(result.Succeeded);
        Assert.Equal("node node-1 drained: cordoned, 2 pods evicted (1 DaemonSet or mirror pods left), waited 2 times for disruption budgets", result.Detail);
        Assert.True(Emulator.Node("node-1").Spec.Unschedulable);
        Assert.False(Emulator.HasPod("prod", "web-a"));
        Assert.False(Emulator.HasPod("prod", "web-b"));
        Assert.True(Emulator.HasPod("kube-system", "logs-x"));
        Assert.True(Emulator.HasPod("prod", "api-a"));
        Assert.Equal(2, refusals);
        Assert.Equal([TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5)], Time.Waits);
        Assert.Single(Emulator.Requests, r => r.Method == "GET" && r.Path == "/api/v1/pods" && r.Query.Contains("fieldSelector=spec.nodeName%3Dnode-1", StringComparison.Ordinal));
        Assert.DoesNotContain(Emulator.Requests, r => r.Method == "DELETE");
    }

    [Fact]
    public async Task A_budget_that_never_allows_the_eviction_fails_the_drain_after_its_timeout_without_forcing_anything()
    {
        Emulator.AddNode("node-1");
        Emulator.AddPod("prod", "web-a", "node-1", Web);
        Emulator.AddPodDisruptionBudget("prod", "web-pdb", Web, minAvailable: 1);
        var clock = new InstantTimeProvider(Now, advanceOnWait: true);
        var actuator = new KubernetesActuator(Emulator.CreateClient(), Options.Create(new KubernetesActuatorOptions
        {
            DrainTimeout = TimeSpan.FromMinutes(1),
            EvictionRetryDelay = TimeSpan.FromSeconds(10),
        }), time: clock);

        var failure = await Assert.ThrowsAsync<ActuationException>(() => actuator.ExecuteAsync(new ActuationCommand(Guid.NewGuid(), ActionKind.Drain, "", "node-1", 0)));

        Assert.Equal(ActuationFailure.Unavailable, failure.Failure);
        Assert.Contains("pod prod/web-a is still protected by its PodDisruptionBudget", failure.Message);
        Assert.True(Emulator.Node("node-1").Spec.Unschedulable);
        Assert.True(Emulator.HasPod("prod", "web-a"));
        // Tried at 0, 10, ... 60 s: the next wait would pass the one-minute deadline.
        Assert.Equal(7, Emulator.Requests.Count(r => r.Method == "POST" && r.Path.EndsWith("/eviction", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_dry_run_drain_changes_nothing()
    {
        Emulator.AddNode("node-1");
        Emulator.AddPod("prod", "web-a", "node-1", Web);

        var result = await Actuator().ExecuteAsync(new ActuationCommand(Guid.NewGuid(), ActionKind.Drain, "", "node-1", 0, DryRun: true));

        Assert.Equal("dry run: node node-1 would be cordoned and 1 pods evicted (0 skipped)", result.Detail);
        Assert.False(Emulator.Node("node-1").Spec.Unschedulable ?? false);
        Assert.True(Emulator.HasPod("prod", "web-a"));
        Assert.All(Emulator.Requests.Where(r => r.Method is "PATCH" or "POST"), r => Assert.Contains("dryRun=All", r.Query));
    }

    [Fact]
    public async Task Rollback_puts_the_previous_replicasets_template_back_once_and_retries_a_concurrent_write()
    {
        Emulator.AddDeployment("prod", "web", replicas: 3, readyReplicas: 3);
        Emulator.ChangeDeployment("prod", "web", d =>
        {
            d.Metadata.Annotations = new Dictionary<string, string> { ["deployment.kubernetes.io/revision"] = "3" };
            d.Spec.Template.Spec.Containers[0].Image = "registry.example/web:3";
        });
        Emulator.AddReplicaSet("prod", "web", revision: 1, "registry.example/web:1");
        Emulator.AddReplicaSet("prod", "web", revision: 2, "registry.example/web:2");
        Emulator.AddReplicaSet("prod", "web", revision: 3, "registry.example/web:3");
        Emulator.BeforeNext("PUT", () => Emulator.ChangeDeployment("prod", "web", d => d.Metadata.Labels["touched"] = "by-someone"));
        var command = new ActuationCommand(Guid.NewGuid(), ActionKind.Rollback, "prod", "web", 3);

        var result = await Actuator().ExecuteAsync(command);

        Assert.Equal("deployment prod/web rolled back from revision 3 to the template of revision 2 (ReplicaSet web-h2)", result.Detail);
        var deployment = Emulator.Deployment("prod", "web");
        Assert.Equal("registry.example/web:2", deployment.Spec.Template.Spec.Containers[0].Image);
        Assert.False(deployment.Spec.Template.Metadata.Labels.ContainsKey("pod-template-hash"));
        Assert.Equal(command.ActionId.ToString(), deployment.Metadata.Annotations["juno.io/last-action-id"]);
        Assert.Equal("by-someone", deployment.Metadata.Labels["touched"]);
        Assert.Equal(2, Emulator.Requests.Count(r => r.Method == "PUT"));
        Assert.True((await Actuator().ExecuteAsync(command)).AlreadyApplied);
        Assert.Equal(AppliedState.Applied, await Actuator().FindAppliedAsync(command));
    }

    [Fact]
    public async Task A_deployment_without_an_earlier_revision_cannot_be_rolled_back()
    {
        Emulator.AddDeployment("prod", "web", replicas: 3, readyReplicas: 3);
        Emulator.AddReplicaSet("prod", "web", revision: 1, "registry.example/web:1");

        var failure = await Assert.ThrowsAsync<ActuationException>(() =>
            Actuator().ExecuteAsync(new ActuationCommand(Guid.NewGuid(), ActionKind.Rollback, "prod", "web", 3)));

        Assert.Equal(ActuationFailure.Invalid, failure.Failure);
        Assert.Contains("has no revision before 1 to roll back to", failure.Message);
    }
}
