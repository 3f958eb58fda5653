namespace Juno.Grains.Options;

/// <summary>Where Juno keeps what must survive. Bound from <c>Juno:Storage</c>. No connection string means
/// localhost clustering and memory storage: fine for a demo, loudly not durable.</summary>
public sealed class StorageOptions
{
    public const string Section = "Juno:Storage";

    public string? PostgresConnectionString { get; set; }

    public bool IsDurable => !string.IsNullOrWhiteSpace(PostgresConnectionString);
}
