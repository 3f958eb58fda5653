using k8s;

namespace Juno.Actuation;

/// <summary>Builds the KubernetesClient for <see cref="KubernetesActuatorOptions"/>: explicit URL, then
/// kubeconfig, then the in-cluster service account.</summary>
public static class KubernetesClientFactory
{
    public static IKubernetes Create(KubernetesActuatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var configuration = Configure(options);
        configuration.HttpClientTimeout = options.RequestTimeout;
        return new k8s.Kubernetes(configuration);
    }

    private static KubernetesClientConfiguration Configure(KubernetesActuatorOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.ApiServerUrl))
        {
            if (!Uri.TryCreate(options.ApiServerUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                throw new InvalidOperationException($"Kubernetes ApiServerUrl '{options.ApiServerUrl}' is not an absolute http(s) URL.");
            }

            return new KubernetesClientConfiguration { Host = url.AbsoluteUri };
        }

        if (!string.IsNullOrWhiteSpace(options.KubeconfigPath))
        {
            if (!File.Exists(options.KubeconfigPath))
            {
                throw new InvalidOperationException($"Kubernetes KubeconfigPath '{options.KubeconfigPath}' does not exist.");
            }

            return KubernetesClientConfiguration.BuildConfigFromConfigFile(options.KubeconfigPath);
        }

        if (options.InCluster)
        {
            if (!KubernetesClientConfiguration.IsInCluster())
            {
                throw new InvalidOperationException(
                    "Kubernetes InCluster is set but this process is not running in a pod with a service account " +
                    "(KUBERNETES_SERVICE_HOST/PORT and /var/run/secrets/kubernetes.io/serviceaccount are missing).");
            }

            return KubernetesClientConfiguration.InClusterConfig();
        }

        var hint = KubernetesClientConfiguration.IsInCluster() ? " This process runs in a pod: set InCluster=true." : "";
        throw new InvalidOperationException(
            $"No Kubernetes API server configured for the actuator: set {KubernetesActuatorOptions.SectionName}:ApiServerUrl, " +
            $"{KubernetesActuatorOptions.SectionName}:KubeconfigPath or {KubernetesActuatorOptions.SectionName}:InCluster=true.{hint}");
    }
}
