using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Juno.Actuation;

public static class KubernetesActuatorServiceCollectionExtensions
{
    /// <summary>The client is registered under this key so it cannot collide with another
    /// <see cref="IKubernetes"/> in the container (Orleans' Kubernetes hosting has its own).</summary>
    private const string ClientServiceKey = "juno-actuator";

    /// <summary>Registers <see cref="KubernetesActuator"/> as the <see cref="IClusterActuator"/>.</summary>
    public static IServiceCollection AddKubernetesActuator(this IServiceCollection services, Action<KubernetesActuatorOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services.Configure(configure);
        services.AddKeyedSingleton<IKubernetes>(ClientServiceKey,
            (provider, _) => KubernetesClientFactory.Create(provider.GetRequiredService<IOptions<KubernetesActuatorOptions>>().Value));
        services.AddSingleton<IClusterActuator>(provider => new KubernetesActuator(
            provider.GetRequiredKeyedService<IKubernetes>(ClientServiceKey),
            provider.GetRequiredService<IOptions<KubernetesActuatorOptions>>(),
            provider.GetService<ILogger<KubernetesActuator>>(),
            provider.GetService<TimeProvider>()));
        services.AddSingleton<IClusterInventory>(provider => new KubernetesInventory(
            provider.GetRequiredKeyedService<IKubernetes>(ClientServiceKey),
            provider.GetRequiredService<ILogger<KubernetesInventory>>(),
            provider.GetService<TimeProvider>()));
        return services;
    }
}
