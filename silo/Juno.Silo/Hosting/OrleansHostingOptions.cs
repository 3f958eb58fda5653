namespace Juno.Silo.Hosting;

/// <summary>How this silo joins its Orleans cluster. Bound from <c>Juno:Orleans</c>.</summary>
public sealed class OrleansHostingOptions
{
    public const string Section = "Juno:Orleans";

    public string ClusterId { get; set; } = "juno";

    public string ServiceId { get; set; } = "juno";

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos reach this one at, when clustering through PostgreSQL.</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>Running as a pod: let Orleans' Kubernetes hosting take endpoints and identity from the pod.</summary>
    public bool KubernetesHosting { get; set; }
}
