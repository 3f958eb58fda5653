using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Juno.Testing.Emulator;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Juno.Actuation.Tests;

/// <summary>The emulator must behave like the API server where the actuator depends on it; otherwise the
/// actuator tests prove nothing.</summary>
public sealed class KubernetesApiEmulatorTests : IAsyncLifetime
{
    private const string DeploymentPath = "/apis/apps/v1/namespaces/prod/deployments/web";

    private KubernetesApiEmulator _emulator = null!;
    private k8s.Kubernetes _client = null!;

    public async Task InitializeAsync()
    {
        _emulator = await KubernetesApiEmulator.StartAsync();
        _client = _emulator.CreateClient();
        _emulator.AddDeployment("prod", "web", replicas: 2, readyReplicas: 2);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task A_patch_with_an_unsupported_content_type_is_refused_with_415()
    {
        using var http = new HttpClient { BaseAddress = new Uri(_emulator.Url) };
        using var body = new StringContent("""{"spec":{"replicas":7}}""", Encoding.UTF8, "application/json");

        using var response = await http.PatchAsync(DeploymentPath, body);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Status", (string?)status["kind"]);
        Assert.Equal("UnsupportedMediaType", (string?)status["reason"]);
        Assert.Equal(415, (int?)status["code"]);
        Assert.Equal(2, _emulator.Deployment("prod", "web").Spec.Replicas);
    }

    [Fact]
    public async Task A_replace_with_a_stale_resource_version_is_refused_with_a_conflict_status()
    {
        var stale = await _client.AppsV1.ReadNamespacedDeploymentAsync("web", "prod");
        _emulator.ChangeDeployment("prod", "web", d => d.Spec.Replicas = 3);
        stale.Spec.Replicas = 9;

        var failure = await Assert.ThrowsAsync<HttpOperationException>(() => _client.AppsV1.ReplaceNamespacedDeploymentAsync(stale, "web", "prod"));

        Assert.Equal(HttpStatusCode.Conflict, failure.Response.StatusCode);
        var expected = """
            {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Operation cannot be fulfilled on deployments.apps \u0022web\u0022: the object has been modified; please apply your changes to the latest version and try again","reason":"Conflict","details":{"name":"web","group":"apps","kind":"deployments"},"code":409}
            """;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(failure.Response.Content)), failure.Response.Content);
        Assert.Equal(3, _emulator.Deployment("prod", "web").Spec.Replicas);
    }

    [Fact]
    public async Task A_replace_with_the_current_resource_version_lands_and_advances_it()
    {
        var current = await _client.AppsV1.ReadNamespacedDeploymentAsync("web", "prod");
        current.Spec.Replicas = 9;

        var written = await _client.AppsV1.ReplaceNamespacedDeploymentAsync(current, "web", "prod");

        Assert.Equal("2", written.Metadata.ResourceVersion);
        Assert.Equal(9, _emulator.Deployment("prod", "web").Spec.Replicas);
    }

    [Fact]
    public async Task The_scale_subresource_shares_the_deployment_resource_version()
    {
        var scale = await _client.AppsV1.ReadNamespacedDeploymentScaleAsync("web", "prod");

        Assert.Equal("autoscaling/v1", scale.ApiVersion);
        Assert.Equal("Scale", scale.Kind);
        Assert.Equal(2, scale.Spec.Replicas);
        Assert.Equal("app=web", scale.Status.Selector);
        Assert.Equal(_emulator.Deployment("prod", "web").Metadata.ResourceVersion, scale.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task A_merge_patch_of_the_scale_subresource_changes_the_deployment()
    {
        var patched = await _client.AppsV1.PatchNamespacedDeploymentScaleAsync(
            new V1Patch("""{"spec":{"replicas":6}}""", V1Patch.PatchType.MergePatch), "web", "prod");

        Assert.Equal(6, patched.Spec.Replicas);
        Assert.Equal(6, _emulator.Deployment("prod", "web").Spec.Replicas);
    }

    [Fact]
    public async Task A_json_patch_is_applied_and_a_failed_test_operation_changes_nothing()
    {
        var patched = await _client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("""[{"op":"test","path":"/spec/replicas","value":2},{"op":"replace","path":"/spec/replicas","value":4}]""", V1Patch.PatchType.JsonPatch),
            "web", "prod");
        Assert.Equal(4, patched.Spec.Replicas);
        Assert.Equal("2", patched.Metadata.ResourceVersion);

        var failure = await Assert.ThrowsAsync<HttpOperationException>(() => _client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("""[{"op":"test","path":"/spec/replicas","value":2},{"op":"replace","path":"/spec/replicas","value":8}]""", V1Patch.PatchType.JsonPatch),
            "web", "prod"));
        Assert.Equal(HttpStatusCode.BadRequest, failure.Response.StatusCode);
        Assert.Equal(4, _emulator.Deployment("prod", "web").Spec.Replicas);
    }

    [Fact]
    public async Task A_patch_that_changes_nothing_keeps_the_resource_version()
    {
        var patched = await _client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("""{"spec":{"replicas":2}}""", V1Patch.PatchType.MergePatch), "web", "prod");

        Assert.Equal("1", patched.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task A_dry_run_returns_the_result_without_persisting_it()
    {
        var patched = await _client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("""{"spec":{"replicas":5}}""", V1Patch.PatchType.MergePatch), "web", "prod", dryRun: "All");

        Assert.Equal(5, patched.Spec.Replicas);
        Assert.Equal(2, _emulator.Deployment("prod", "web").Spec.Replicas);
        Assert.Equal("1", _emulator.Deployment("prod", "web").Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Injected_faults_apply_to_the_next_requests_of_their_method_only()
    {
        _emulator.FailNext(1, HttpStatusCode.InternalServerError, "PUT");
        using var http = new HttpClient { BaseAddress = new Uri(_emulator.Url) };

        using var read = await http.GetAsync(DeploymentPath);
        using var scale = new StringContent("""{"spec":{"replicas":3}}""");
        scale.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var failed = await http.PutAsync(DeploymentPath + "/scale", scale);
        using var retried = await http.PutAsync(DeploymentPath + "/scale", scale);

        Assert.Equal(
            [HttpStatusCode.OK, HttpStatusCode.InternalServerError, HttpStatusCode.OK],
            [read.StatusCode, failed.StatusCode, retried.StatusCode]);
        Assert.Equal(3, _emulator.Deployment("prod", "web").Spec.Replicas);
    }
}
