using Xunit;

namespace Juno.Testing;

/// <summary>
/// One throwaway PostgreSQL server shared by a test collection (or class). Each test class asks it for
/// its own database, so classes never see each other's rows.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;

    public PostgresServer Server => _server
        ?? throw new InvalidOperationException("The PostgreSQL fixture has not been initialised yet.");

    public Task<string> CreateDatabaseAsync() => Server.CreateDatabaseAsync();

    public async Task InitializeAsync() => _server = await PostgresServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
