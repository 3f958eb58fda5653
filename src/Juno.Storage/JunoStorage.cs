namespace Juno.Storage;

/// <summary>Constants the silo needs to wire Orleans' ADO.NET providers to Juno's schema.</summary>
public static class JunoStorage
{
    /// <summary>The ADO.NET invariant Orleans' clustering and persistence providers use for PostgreSQL (Npgsql).</summary>
    public const string AdoNetInvariant = "Npgsql";
}
