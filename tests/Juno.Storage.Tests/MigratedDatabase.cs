using Juno.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Juno.Storage.Tests;

internal static class MigratedDatabase
{
    /// <summary>A fresh database on the shared server with Juno's schema applied.</summary>
    public static async Task<string> CreateAsync(PostgresFixture postgres)
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await JunoMigrator.ApplyAsync(connectionString, NullLogger.Instance, CancellationToken.None);
        return connectionString;
    }
}
