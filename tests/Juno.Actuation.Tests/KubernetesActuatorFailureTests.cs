using System.Net;
using Juno.Contracts.Actions;

namespace Juno.Actuation.Tests;

public sealed class KubernetesActuatorFailureTests : EmulatorTest
{
    private const string Deployment = "/apis/apps/v1/namespaces/prod/deployments/web";
    private const string Scale = "/apis/apps/v1/namespaces/prod/deployments/web/scale";

    private static readonly TimeSpan[] FourBackoffs =
        [TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(800), TimeSpan.FromMilliseconds(1600)];

    private static ActuationCommand ScaleWebTo(int replicas) => new(Guid.NewGuid(), ActionKind.ScaleOut, "prod", "web", replicas);

    [Fact]
    public async Task A_conflict_with_a_concurrent_writer_is_retried_against_the_fresh_object()
    {
        Emulator.AddDeployment("prod", "web", replicas: 2, readyReplicas: 2);
        // Someone labels the deployment between the actuator's read and its write, so the write's
        // resourceVersion is stale and the server answers 409 on its own.
        Emulator.BeforeNext("PUT", () => Emulator.ChangeDeployment("prod", "web", d => d.Metadata.Labels["team"] = "payments"));

        var result = await Actuator().ExecuteAsync(ScaleWebTo(4));

        Assert.Equal(new ActuationResult(true, false, "deployment prod/web scaled from 2 to 4 replicas", 4), result);
        var deployment = Emulator.Deployment("prod", "web");
        Assert.Equal(4, deployment.Spec.Replicas);
        Assert.Equal("payments", deployment.Metadata.Labels["team"]);
        Assert.Equal([$"GET {Deployment}", $"PUT {Scale}", $"GET {Deployment}", $"PUT {Scale}", $"PATCH {Deployment}"], RequestLines());
        Assert.Equal([TimeSpan.FromMilliseconds(200)], Time.Waits);
    }

    [Fact]
    public async Task A_restart_patch_is_conditional_on_the_resource_version_it_read()
    {
        Emulator.AddDeployment("prod", "web", replicas: 2, readyReplicas: 2);
        Emulator.BeforeNext("PATCH", () => Emulator.ChangeDeployment("prod", "web", d => d.Spec.Replicas = 3));

        var result = await Actuator().ExecuteAsync(new ActuationCommand(Guid.NewGuid(), ActionKind.Restart, "prod", "web", 2));

        Assert.Equal(new ActuationResult(true, false, "deployment prod/web restarted (rolling)", 3), result);
        Assert.Equal([$"GET {Deployment}", $"PATCH {Deployment}", $"GET {Deployment}", $"PATCH {Deployment}"], RequestLines());
        Assert.Equal("2030-01-02T03:04:05Z", Emulator.Deployment("prod", "web").Spec.Template.Metadata.Annotations["kubectl.kubernetes.io/restartedAt"]);
    }

    [Fact]
    public async Task A_persistent_conflict_gives_up_after_the_maximum_attempts()
    {
        Emulator.AddDeployment("prod", "web", replicas: 2, readyReplicas: 2);
        Emulator.FailNext(100, HttpStatusCode.Conflict, "PUT");

        var failure = await Assert.ThrowsAsync<ActuationException>(() => Actuator().ExecuteAsync(ScaleWebTo(4)));

        Assert.Equal(ActuationFailure.Conflict, failure.Failure);
        Assert.Equal(409, failure.StatusCode);
        Assert.Equal("ScaleOut deployment prod/web: injected fault: HTTP 409 (HTTP 409, after 5 attempts)", failure.Message);
        Assert.Equal(5, Emulator.Requests.Count(r => r.Method == "PUT"));
        Assert.Equal(FourBackoffs, Time.Waits);
        Assert.Equal(2, Emulator.Deployment("prod", "web").Spec.Replicas);
    }

    [Fact]
    public async Task A_missing_deployment_is_reported_as_not_found_without_retrying()
    {
        var failure = await Assert.ThrowsAsync<ActuationException>(() =>
            Actuator().ExecuteAsync(new ActuationCommand(Guid.NewGuid(), ActionKind.ScaleOut, "prod", "ghost", 3)));

        Assert.Equal(ActuationFailure.NotFound, failure.Failure);
        Assert.Equal(404, failure.StatusCode);
        Assert.Equal("ScaleOut deployment prod/ghost: deployments.apps \"ghost\" not found (HTTP 404)", failure.Message);
        Assert.Single(Emulator.Requests);
        Assert.Empty(Time.Waits);
    }

    [Fact]
    public async Task A_missing_node_is_reported_as_not_found()
    {
        var failure = await Assert.ThrowsAsync<ActuationException>(() =>
            Actuator().ExecuteAsync(new ActuationCommand(Guid.NewGuid(), ActionKind.Cordon, "", "ghost", 0)));

        Assert.Equal(ActuationFailure.NotFound, failure.Failure);
        Assert.Equal("Cordon node ghost: nodes \"ghost\" not found (HTTP 404)", failure.Message);
    }

    [Fact]
    public async Task A_change_the_server_finds_invalid_is_reported_as_invalid_without_retrying()
    {
        Emulator.AddDeployment("prod", "web", replicas: 2, readyReplicas: 2);

        var failure = await Assert.ThrowsAsync<ActuationException>(() =>
            Actuator().ExecuteAsync(new ActuationCommand(Guid.NewGuid(), ActionKind.ScaleIn, "prod", "web", -1)));

        Assert.Equal(ActuationFailure.Invalid, failure.Failure);
        Assert.Equal(422, failure.StatusCode);
        Assert.Equal(
            "ScaleIn deployment prod/web: Scale.autoscaling \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0 (HTTP 422)",
            failure.Message);
        Assert.Equal([$"GET {Deployment}", $"PUT {Scale}"], RequestLines());
        Assert.Equal(2, Emulator.Deployment("prod", "web").Spec.Replicas);
    }

    [Fact]
    public async Task Forbidden_is_reported_as_forbidden()
    {
        Emulator.AddDeployment("prod", "web", replicas: 2, readyReplicas: 2);
        Emulator.FailNext(1, HttpStatusCode.Forbidden, "PUT");

        var failure = await Assert.ThrowsAsync<ActuationException>(() => Actuator().ExecuteAsync(ScaleWebTo(4)));

        Assert.Equal(ActuationFailure.Forbidden, failure.Failure);
        Assert.Equal(403, failure.StatusCode);
        Assert.Empty(Time.Waits);
    }

    [Fact]
    public async Task Server_errors_are_retried_with_backoff_until_the_server_recovers()
    {
        Emulator.AddDeployment("prod", "web", replicas: 2, readyReplicas: 2);
        Emulator.FailNext(2, HttpStatusCode.InternalServerError);

        var result = await Actuator().ExecuteAsync(ScaleWebTo(4));

        Assert.Equal(new ActuationResult(true, false, "deployment prod/web scaled from 2 to 4 replicas", 4), result);
        Assert.Equal(4, Emulator.Deployment("prod", "web").Spec.Replicas);
        Assert.Equal([$"GET {Deployment}", $"GET {Deployment}", $"GET {Deployment}", $"PUT {Scale}", $"PATCH {Deployment}"], RequestLines());
        Assert.Equal(FourBackoffs[..2], Time.Waits);
    }

    [Fact]
    public async Task Persistent_server_errors_give_up_as_unavailable()
    {
        Emulator.AddDeployment("prod", "web", replicas: 2, readyReplicas: 2);
        Emulator.FailNext(100, HttpStatusCode.ServiceUnavailable);

        var failure = await Assert.ThrowsAsync<ActuationException>(() => Actuator().ExecuteAsync(ScaleWebTo(4)));

        Assert.Equal(ActuationFailure.Unavailable, failure.Failure);
        Assert.Equal(503, failure.StatusCode);
        Assert.Equal(5, Emulator.Requests.Count);
        Assert.Equal(FourBackoffs, Time.Waits);
    }

    [Fact]
    public async Task Timeouts_are_retried_then_reported_as_unavailable()
    {
        Emulator.AddDeployment("prod", "web", replicas: 2, readyReplicas: 2);
        Emulator.DelayNext(100, TimeSpan.FromMinutes(1));
        using var impatient = Emulator.CreateClient(requestTimeout: TimeSpan.FromMilliseconds(200));

        var failure = await Assert.ThrowsAsync<ActuationException>(() => Actuator(maxAttempts: 2, client: impatient).ExecuteAsync(ScaleWebTo(4)));

        Assert.Equal(ActuationFailure.Unavailable, failure.Failure);
        Assert.Null(failure.StatusCode);
        Assert.Equal("ScaleOut deployment prod/web: the API server did not answer in time, after 2 attempts", failure.Message);
        Assert.Equal(2, Emulator.Requests.Count);
    }

    [Fact]
    public async Task An_unreachable_server_is_reported_as_unavailable()
    {
        var url = Emulator.Url;
        await Emulator.DisposeAsync();
        using var client = new k8s.Kubernetes(new k8s.KubernetesClientConfiguration { Host = url });

        var failure = await Assert.ThrowsAsync<ActuationException>(() => Actuator(maxAttempts: 2, client: client).ExecuteAsync(ScaleWebTo(4)));

        Assert.Equal(ActuationFailure.Unavailable, failure.Failure);
        Assert.StartsWith("ScaleOut deployment prod/web: the API server could not be reached: ", failure.Message);
    }

    [Fact]
    public async Task Cancellation_by_the_caller_propagates_and_is_not_retried()
    {
        Emulator.AddDeployment("prod", "web", replicas: 2, readyReplicas: 2);
        using var cancellation = new CancellationTokenSource();
        Emulator.BeforeNext("GET", cancellation.Cancel);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Actuator().ExecuteAsync(ScaleWebTo(4), cancellation.Token));

        Assert.Single(Emulator.Requests);
        Assert.Empty(Time.Waits);
    }
}
