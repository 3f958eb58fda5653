using Juno.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Juno.Storage.Tests;

/// <summary>The throwaway server itself. Not in the shared collection: it stops and restarts its own server.</summary>
public sealed class PostgresServerTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private PostgresServer Server => postgres.Server;

    [Fact]
    public async Task Databases_are_separate_and_data_survives_a_restart_on_the_same_port()
    {
        var first = await Server.CreateDatabaseAsync();
        var second = await Server.CreateDatabaseAsync("juno_named");
        await Sql.ExecuteAsync(first, "CREATE TABLE marks (value int); INSERT INTO marks VALUES (42)");

        await Server.StopAsync();
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => Sql.ExecuteAsync(first, "SELECT 1"));
        await Server.StartAgainAsync();
        // The connection that created the table died with the server; the test's own pool must forget it.
        NpgsqlConnection.ClearAllPools();

        Assert.Equal(42, await Sql.ScalarAsync<int>(first, "SELECT value FROM marks"));
        Assert.Equal("juno_named", await Sql.ScalarAsync<string>(second, "SELECT current_database()"));
        Assert.Equal(0L, await Sql.ScalarAsync<long>(second, "SELECT count(*) FROM pg_tables WHERE tablename = 'marks'"));
        Assert.Equal(Server.Port, new NpgsqlConnectionStringBuilder(first).Port);
    }

    [Fact]
    public async Task A_record_store_keeps_working_after_the_server_restarts()
    {
        var connectionString = await Server.CreateDatabaseAsync();
        await JunoMigrator.ApplyAsync(connectionString, NullLogger.Instance, CancellationToken.None);
        await using var services = new ServiceCollection().AddJunoRecordStore(connectionString).BuildServiceProvider();
        var store = services.GetRequiredService<IJunoRecordStore>();
        await store.AppendAuditAsync(new AuditEntry("prod", Guid.NewGuid(), "proposed", "agent", "{}", DateTimeOffset.UtcNow));

        await Server.StopAsync();
        await Server.StartAgainAsync();
        var next = await store.AppendAuditAsync(new AuditEntry("prod", Guid.NewGuid(), "approved", "alice", "{}", DateTimeOffset.UtcNow));

        Assert.Equal(2, next.Sequence);
        Assert.True((await store.VerifyAuditChainAsync("prod")).Valid);
    }

    [Fact]
    public async Task Database_names_that_are_not_plain_identifiers_are_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Server.CreateDatabaseAsync("x\"; DROP DATABASE postgres; --"));
    }
}
