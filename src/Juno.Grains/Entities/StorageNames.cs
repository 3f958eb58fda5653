namespace Juno.Grains.Entities;

/// <summary>Names of the grain storage providers Juno's grains persist through. The silo host binds
/// them to PostgreSQL (ADO.NET) or, when no database is configured, to memory.</summary>
public static class StorageNames
{
    public const string Entities = "juno-entities";
    public const string Governance = "juno-governance";
}
