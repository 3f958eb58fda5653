namespace Juno.Client;

/// <summary>How the SDK finds a Juno cluster: its PostgreSQL membership table (what production silos
/// use) or a static list of gateways (local silos, tests).</summary>
public sealed class JunoClientOptions
{
    /// <summary>Orleans cluster id of the silos (Juno's default is "juno").</summary>
    public string ClusterId { get; set; } = "juno";

    /// <summary>Orleans service id of the silos (Juno's default is "juno").</summary>
    public string ServiceId { get; set; } = "juno";

    /// <summary>The Kubernetes cluster governance calls act on when a call names none.</summary>
    public string DefaultCluster { get; set; } = "local";

    /// <summary>Gateways as host:port, e.g. "127.0.0.1:30000". Ignored when a connection string is set.</summary>
    public IList<string> Gateways { get; } = [];

    /// <summary>Discover gateways from the silos' ADO.NET membership table in this PostgreSQL database.</summary>
    public string? PostgresConnectionString { get; set; }

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(ClusterId) || string.IsNullOrWhiteSpace(ServiceId))
        {
            throw new ArgumentException("JunoClientOptions.ClusterId and ServiceId must be set.");
        }

        if (string.IsNullOrWhiteSpace(PostgresConnectionString) && Gateways.Count == 0)
        {
            throw new ArgumentException("Give JunoClientOptions.PostgresConnectionString or at least one gateway (host:port).");
        }
    }
}
