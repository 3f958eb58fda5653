using Juno.Testing;

namespace Juno.Integration.Tests.Infrastructure;

/// <summary>One throwaway PostgreSQL server for the whole test assembly (xunit 2 has no assembly
/// fixtures); every fixture takes its own database from it. The server stops itself at process exit.</summary>
internal static class SharedPostgres
{
    private static readonly Lazy<Task<PostgresServer>> Server = new(PostgresServer.StartAsync);

    public static async Task<string> CreateDatabaseAsync() => await (await Server.Value).CreateDatabaseAsync();
}
