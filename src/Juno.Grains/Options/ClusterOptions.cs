namespace Juno.Grains.Options;

/// <summary>The Kubernetes cluster this silo governs by default. Bound from <c>Juno:Cluster</c>.</summary>
public sealed class JunoClusterOptions
{
    public const string Section = "Juno:Cluster";

    public string Name { get; set; } = "local";
}
