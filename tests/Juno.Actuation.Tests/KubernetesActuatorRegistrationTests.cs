using Juno.Testing.Emulator;
using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Juno.Actuation.Tests;

public sealed class KubernetesActuatorRegistrationTests
{
    [Fact]
    public async Task AddKubernetesActuator_registers_an_actuator_that_talks_to_the_configured_server()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        emulator.AddDeployment("prod", "web", replicas: 3, readyReplicas: 2);
        var services = new ServiceCollection().AddKubernetesActuator(o => o.ApiServerUrl = emulator.Url);
        await using var provider = services.BuildServiceProvider();

        var actuator = provider.GetRequiredService<IClusterActuator>();

        Assert.IsType<KubernetesActuator>(actuator);
        Assert.Equal("kubernetes", actuator.Name);
        Assert.Equal(new WorkloadObservation("prod", "web", 3, 2, null), await actuator.ObserveWorkloadAsync("prod", "web"));
    }

    [Fact]
    public void An_explicit_url_wins_over_a_kubeconfig()
    {
        using var kubeconfig = Kubeconfig("https://from-kubeconfig.example:6443");

        using var client = (k8s.Kubernetes)KubernetesClientFactory.Create(new KubernetesActuatorOptions
        {
            ApiServerUrl = "http://127.0.0.1:8001",
            KubeconfigPath = kubeconfig.Path,
            RequestTimeout = TimeSpan.FromSeconds(7),
        });

        Assert.Equal(new Uri("http://127.0.0.1:8001/"), client.BaseUri);
    }

    [Fact]
    public void A_kubeconfig_is_used_when_no_url_is_given()
    {
        using var kubeconfig = Kubeconfig("https://from-kubeconfig.example:6443");

        using var client = (k8s.Kubernetes)KubernetesClientFactory.Create(new KubernetesActuatorOptions { KubeconfigPath = kubeconfig.Path, InCluster = true });

        Assert.Equal(new Uri("https://from-kubeconfig.example:6443/"), client.BaseUri);
    }

    [Fact]
    public void A_missing_kubeconfig_is_named_in_the_error()
    {
        var path = Path.Combine(Path.GetTempPath(), $"juno-missing-{Guid.NewGuid():N}.yaml");

        var error = Assert.Throws<InvalidOperationException>(() => KubernetesClientFactory.Create(new KubernetesActuatorOptions { KubeconfigPath = path }));

        Assert.Equal($"Kubernetes KubeconfigPath '{path}' does not exist.", error.Message);
    }

    [Fact]
    public void Without_any_configuration_the_error_says_what_to_set()
    {
        var error = Assert.Throws<InvalidOperationException>(() => KubernetesClientFactory.Create(new KubernetesActuatorOptions()));

        Assert.StartsWith(
            "No Kubernetes API server configured for the actuator: set Juno:Actuator:Kubernetes:ApiServerUrl, Juno:Actuator:Kubernetes:KubeconfigPath or Juno:Actuator:Kubernetes:InCluster=true.",
            error.Message);
    }

    [Fact]
    public void In_cluster_configuration_requires_a_service_account()
    {
        var options = new KubernetesActuatorOptions { InCluster = true };
        if (KubernetesClientConfiguration.IsInCluster())
        {
            // Running inside a pod (a CI runner on Kubernetes): the service account must then be used.
            using var client = (k8s.Kubernetes)KubernetesClientFactory.Create(options);
            Assert.Equal("https", client.BaseUri.Scheme);
            return;
        }

        var error = Assert.Throws<InvalidOperationException>(() => KubernetesClientFactory.Create(options));
        Assert.StartsWith("Kubernetes InCluster is set but this process is not running in a pod", error.Message);
    }

    [Theory]
    [InlineData(0, 100, 1000)]
    [InlineData(3, -1, 1000)]
    [InlineData(3, 100, 0)]
    public void Nonsensical_retry_settings_are_refused(int maxAttempts, int backoffMs, int timeoutMs)
    {
        var options = new KubernetesActuatorOptions
        {
            ApiServerUrl = "http://127.0.0.1:8001",
            MaxAttempts = maxAttempts,
            BaseBackoff = TimeSpan.FromMilliseconds(backoffMs),
            RequestTimeout = TimeSpan.FromMilliseconds(timeoutMs),
        };

        Assert.Throws<ArgumentOutOfRangeException>(() => KubernetesClientFactory.Create(options));
        using var client = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = "http://127.0.0.1:8001" });
        Assert.Throws<ArgumentOutOfRangeException>(() => new KubernetesActuator(client, Options.Create(options)));
    }

    [Fact]
    public void The_backoff_doubles_per_attempt_and_is_bounded()
    {
        var delays = Enumerable.Range(1, 8).Select(attempt => ApiRetry.Backoff(TimeSpan.FromSeconds(1), attempt));

        Assert.Equal([1, 2, 4, 8, 10, 10, 10, 10], delays.Select(d => d.TotalSeconds));
    }

    private static TemporaryFile Kubeconfig(string server) => new($"""
            apiVersion: v1
            kind: Config
            current-context: test
            clusters:
            - name: test
              cluster:
                server: {server}
            contexts:
            - name: test
              context:
                cluster: test
                user: test
            users:
            - name: test
              user:
                token: not-a-real-token
            """);
}
