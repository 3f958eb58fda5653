using System.Net;
using Juno.Contracts.Actions;
using k8s;
using k8s.Models;

namespace Juno.Actuation.Tests;

/// <summary>Isolation is a deny-all NetworkPolicy over exactly the Deployment's pods, created once per action id.</summary>
public sealed class KubernetesIsolationTests : EmulatorTest
{
    private const string Deployment = "/apis/apps/v1/namespaces/prod/deployments/web";
    private const string Policies = "/apis/networking.k8s.io/v1/namespaces/prod/networkpolicies";
    private const string Policy = Policies + "/juno-isolate-web";

    [Fact]
    public async Task Isolation_creates_a_deny_all_policy_selecting_the_deployments_pods()
    {
        Emulator.AddDeployment("prod", "web", replicas: 3, readyReplicas: 3);
        var actionId = Guid.NewGuid();

        var result = await Actuator().ExecuteAsync(new ActuationCommand(actionId, ActionKind.Isolate, "prod", "web", 3));

        Assert.Equal(new ActuationResult(true, false,
            "deployment prod/web isolated: NetworkPolicy juno-isolate-web denies all ingress and egress of its pods", 3), result);
        var policy = Emulator.NetworkPolicy("prod", "juno-isolate-web");
        Assert.NotNull(policy);
        Assert.Equal(new Dictionary<string, string> { ["app"] = "web" }, policy.Spec.PodSelector.MatchLabels);
        Assert.Equal(["Ingress", "Egress"], policy.Spec.PolicyTypes);
        Assert.Empty(policy.Spec.Ingress ?? []);
        Assert.Empty(policy.Spec.Egress ?? []);
        Assert.Equal(actionId.ToString(), policy.Metadata.Annotations["juno.io/last-action-id"]);
        Assert.Equal("2030-01-02T03:04:05Z", policy.Metadata.Annotations["juno.io/isolated-at"]);
        Assert.Equal("juno", policy.Metadata.Labels["app.kubernetes.io/managed-by"]);
        Assert.Equal([$"GET {Deployment}", $"GET {Policy}", $"POST {Policies}"], RequestLines());
    }

    [Fact]
    public async Task Isolating_twice_with_the_same_action_writes_once()
    {
        Emulator.AddDeployment("prod", "web", replicas: 2, readyReplicas: 2);
        var command = new ActuationCommand(Guid.NewGuid(), ActionKind.Isolate, "prod", "web", 2);
        var actuator = Actuator();
        await actuator.ExecuteAsync(command);
        var version = Emulator.NetworkPolicy("prod", "juno-isolate-web")!.Metadata.ResourceVersion;

        var again = await actuator.ExecuteAsync(command);

        Assert.True(again.AlreadyApplied);
        Assert.Equal(version, Emulator.NetworkPolicy("prod", "juno-isolate-web")!.Metadata.ResourceVersion);
        Assert.Single(Emulator.Requests, r => r.Method == "POST");
        Assert.DoesNotContain(Emulator.Requests, r => r.Method == "PUT");
    }

    [Fact]
    public async Task A_policy_left_by_an_earlier_action_is_replaced_at_its_resource_version()
    {
        Emulator.AddDeployment("prod", "web", replicas: 2, readyReplicas: 2);
        var earlier = Emulator.AddNetworkPolicy(StalePolicy(Guid.NewGuid()));
        var actionId = Guid.NewGuid();

        await Actuator().ExecuteAsync(new ActuationCommand(actionId, ActionKind.Isolate, "prod", "web", 2));

        var policy = Emulator.NetworkPolicy("prod", "juno-isolate-web")!;
        Assert.Equal(actionId.ToString(), policy.Metadata.Annotations["juno.io/last-action-id"]);
        Assert.Equal(new Dictionary<string, string> { ["app"] = "web" }, policy.Spec.PodSelector.MatchLabels);
        Assert.NotEqual(earlier.Metadata.ResourceVersion, policy.Metadata.ResourceVersion);
        Assert.Equal([$"GET {Deployment}", $"GET {Policy}", $"PUT {Policy}"], RequestLines());
    }

    [Fact]
    public async Task A_concurrent_creator_turns_the_create_into_a_retry_that_replaces()
    {
        Emulator.AddDeployment("prod", "web", replicas: 2, readyReplicas: 2);
        Emulator.BeforeNext("POST", () => Emulator.AddNetworkPolicy(StalePolicy(Guid.NewGuid())));
        var actionId = Guid.NewGuid();

        var result = await Actuator().ExecuteAsync(new ActuationCommand(actionId, ActionKind.Isolate, "prod", "web", 2));

        Assert.True(result.Succeeded);
        Assert.Equal(actionId.ToString(), Emulator.NetworkPolicy("prod", "juno-isolate-web")!.Metadata.Annotations["juno.io/last-action-id"]);
        Assert.Equal(
            [$"GET {Deployment}", $"GET {Policy}", $"POST {Policies}", $"GET {Deployment}", $"GET {Policy}", $"PUT {Policy}"],
            RequestLines());
    }

    [Fact]
    public async Task A_dry_run_is_sent_to_the_server_and_creates_nothing()
    {
        Emulator.AddDeployment("prod", "web", replicas: 2, readyReplicas: 2);

        var result = await Actuator().ExecuteAsync(new ActuationCommand(Guid.NewGuid(), ActionKind.Isolate, "prod", "web", 2, DryRun: true));

        Assert.Equal("dry run: deployment prod/web would be isolated by NetworkPolicy juno-isolate-web", result.Detail);
        Assert.Null(Emulator.NetworkPolicy("prod", "juno-isolate-web"));
        var create = Assert.Single(Emulator.Requests, r => r.Method == "POST");
        Assert.Equal("?dryRun=All", create.Query);
    }

    [Fact]
    public async Task Isolating_a_missing_deployment_is_not_found_and_creates_nothing()
    {
        var failure = await Assert.ThrowsAsync<ActuationException>(() =>
            Actuator().ExecuteAsync(new ActuationCommand(Guid.NewGuid(), ActionKind.Isolate, "prod", "web", 1)));

        Assert.Equal(ActuationFailure.NotFound, failure.Failure);
        Assert.Equal(404, failure.StatusCode);
        Assert.Null(Emulator.NetworkPolicy("prod", "juno-isolate-web"));
    }

    [Fact]
    public async Task A_deployment_without_a_selector_is_refused_rather_than_isolating_the_namespace()
    {
        Emulator.AddDeployment("prod", "web", replicas: 1, readyReplicas: 1);
        Emulator.ChangeDeployment("prod", "web", d => d.Spec.Selector = new V1LabelSelector());

        var failure = await Assert.ThrowsAsync<ActuationException>(() =>
            Actuator().ExecuteAsync(new ActuationCommand(Guid.NewGuid(), ActionKind.Isolate, "prod", "web", 1)));

        Assert.Equal(ActuationFailure.Invalid, failure.Failure);
        Assert.DoesNotContain(Emulator.Requests, r => r.Method == "POST");
    }

    [Fact]
    public async Task Server_errors_on_create_are_retried()
    {
        Emulator.AddDeployment("prod", "web", replicas: 1, readyReplicas: 1);
        Emulator.FailNext(2, HttpStatusCode.InternalServerError, "POST");

        var result = await Actuator().ExecuteAsync(new ActuationCommand(Guid.NewGuid(), ActionKind.Isolate, "prod", "web", 1));

        Assert.True(result.Succeeded);
        Assert.Equal(3, Emulator.Requests.Count(r => r.Method == "POST"));
        Assert.NotNull(Emulator.NetworkPolicy("prod", "juno-isolate-web"));
    }

    private static V1NetworkPolicy StalePolicy(Guid actionId) => new()
    {
        ApiVersion = "networking.k8s.io/v1",
        Kind = "NetworkPolicy",
        Metadata = new V1ObjectMeta
        {
            Name = "juno-isolate-web",
            NamespaceProperty = "prod",
            Annotations = new Dictionary<string, string> { ["juno.io/last-action-id"] = actionId.ToString() },
        },
        Spec = new V1NetworkPolicySpec
        {
            PodSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "old" } },
            PolicyTypes = ["Ingress"],
        },
    };
}
