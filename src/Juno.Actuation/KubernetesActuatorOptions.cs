namespace Juno.Actuation;

/// <summary>How <see cref="KubernetesActuator"/> reaches the API server and how hard it retries.
/// The client is chosen in this order: <see cref="ApiServerUrl"/>, <see cref="KubeconfigPath"/>,
/// <see cref="InCluster"/>.</summary>
public sealed class KubernetesActuatorOptions
{
    /// <summary>Configuration section the silo binds these options from (next to <c>Juno:Actuator:Mode</c>).</summary>
    public const string SectionName = "Juno:Actuator:Kubernetes";

    /// <summary>An API server URL used as-is, without credentials: tests, or a local <c>kubectl proxy</c>.</summary>
    public string? ApiServerUrl { get; set; }

    /// <summary>A kubeconfig file; its current context is used.</summary>
    public string? KubeconfigPath { get; set; }

    /// <summary>Use the pod's service account (the normal setting inside a cluster).</summary>
    public bool InCluster { get; set; }

    /// <summary>Attempts per command, the first included. Conflicts, 5xx, throttling and timeouts are retried.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Delay before the second attempt; it doubles with each further attempt, up to 10 seconds.</summary>
    public TimeSpan BaseBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long one API request may take before it counts as a (retryable) timeout; applied to
    /// the client that <see cref="KubernetesClientFactory"/> builds.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a drain waits for PodDisruptionBudgets to allow its evictions before it gives up (the node
    /// stays cordoned; nothing is forced).</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The wait between eviction attempts a PodDisruptionBudget refused (HTTP 429).</summary>
    public TimeSpan EvictionRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    internal void Validate()
    {
        if (DrainTimeout <= TimeSpan.Zero || EvictionRetryDelay <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(DrainTimeout), "DrainTimeout and EvictionRetryDelay must be positive.");
        }

        if (MaxAttempts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxAttempts), MaxAttempts, "At least one attempt is needed.");
        }

        if (BaseBackoff < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(BaseBackoff), BaseBackoff, "The backoff cannot be negative.");
        }

        if (RequestTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RequestTimeout), RequestTimeout, "The request timeout must be positive.");
        }
    }
}
