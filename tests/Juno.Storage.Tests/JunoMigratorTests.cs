using Juno.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Juno.Storage.Tests;

[Collection(PostgresCollection.Name)]
public sealed class JunoMigratorTests(PostgresFixture postgres)
{
    private static readonly string[] Shipped =
    [
        "0001_orleans_query_table",
        "0002_orleans_clustering",
        "0003_orleans_persistence",
        "0004_juno_records",
        "0005_threat_alerts",
        "0006_policy_adaptations",
        "0007_model_files",
    ];

    [Fact]
    public async Task Applies_every_migration_once_and_a_second_run_changes_nothing()
    {
        var connectionString = await postgres.CreateDatabaseAsync();

        var first = await JunoMigrator.ApplyAsync(connectionString, NullLogger.Instance, CancellationToken.None);
        var recorded = await Sql.QueryAsync(connectionString, "SELECT version, name, sha256, applied_at FROM juno_schema_migrations ORDER BY version");
        var second = await JunoMigrator.ApplyAsync(connectionString, NullLogger.Instance, CancellationToken.None);
        var recordedAgain = await Sql.QueryAsync(connectionString, "SELECT version, name, sha256, applied_at FROM juno_schema_migrations ORDER BY version");

        Assert.Equal(Shipped, first);
        Assert.Empty(second);
        Assert.Equal(Enumerable.Range(1, Shipped.Length), recorded.Select(r => (int)r[0]!));
        Assert.Equal(Shipped, recorded.Select(r => (string)r[1]!));
        Assert.All(recorded, r => Assert.Matches("^[0-9a-f]{64}$", (string)r[2]!));
        Assert.Equal(recorded, recordedAgain);
    }

    [Fact]
    public async Task Concurrent_callers_take_turns_and_apply_each_migration_exactly_once()
    {
        var connectionString = await postgres.CreateDatabaseAsync();

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            Task.Run(() => JunoMigrator.ApplyAsync(connectionString, NullLogger.Instance, CancellationToken.None))));

        Assert.Equal(Shipped, runs.SelectMany(r => r).Order());
        Assert.Single(runs, r => r.Count == Shipped.Length);
        Assert.Equal((long)Shipped.Length, await Sql.ScalarAsync<long>(connectionString, "SELECT count(*) FROM juno_schema_migrations"));
    }

    [Fact]
    public async Task A_migration_changed_after_it_was_applied_is_an_error_that_names_it()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await JunoMigrator.ApplyAsync(connectionString, NullLogger.Instance, CancellationToken.None);
        await Sql.ExecuteAsync(connectionString, $"UPDATE juno_schema_migrations SET sha256 = '{new string('a', 64)}' WHERE version = 2");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => JunoMigrator.ApplyAsync(connectionString, NullLogger.Instance, CancellationToken.None));

        Assert.Contains("0002_orleans_clustering", error.Message);
        Assert.DoesNotContain("0001_orleans_query_table", error.Message);
        Assert.DoesNotContain("0003_orleans_persistence", error.Message);
    }

    [Fact]
    public async Task Registers_exactly_the_queries_the_Orleans_providers_ask_for()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await JunoMigrator.ApplyAsync(connectionString, NullLogger.Instance, CancellationToken.None);

        // The names are the providers' contract (DbStoredQueries properties in Orleans.Clustering.AdoNet 10.4.2,
        // the key list in AdoNetGrainStorage); the query is the one the providers run at start-up.
        var keys = await Sql.QueryAsync(connectionString, "SELECT QueryKey, QueryText FROM OrleansQuery ORDER BY QueryKey");

        Assert.Equal(
            [
                "CleanupDefunctSiloEntriesKey", "ClearStorageKey", "DeleteMembershipTableEntriesKey", "DeleteStorageKey",
                "GatewaysQueryKey", "InsertMembershipKey", "InsertMembershipVersionKey", "MembershipReadAllKey",
                "MembershipReadRowKey", "ReadFromStorageKey", "UpdateIAmAlivetimeKey", "UpdateMembershipKey",
                "WriteToStorageKey",
            ],
            keys.Select(k => (string)k[0]!).Order(StringComparer.Ordinal));
    }
}
