using Microsoft.Extensions.Logging;
using Npgsql;

namespace Juno.Storage;

/// <summary>
/// Brings a PostgreSQL database up to the schema this assembly ships: Orleans' ADO.NET provider contract and
/// Juno's own tables. Safe to call from every silo at start-up: a session advisory lock makes concurrent callers
/// take turns, each migration commits atomically with its bookkeeping row, and already-applied migrations are
/// checked against their recorded checksums.
/// </summary>
public static partial class JunoMigrator
{
    /// <summary>Single-key advisory lock ("JUNOMIGR") held while migrating.</summary>
    private const long MigrationLockKey = 0x4A554E4F4D494752;

    /// <summary>UNIQUE NULLS NOT DISTINCT (grain storage) needs PostgreSQL 15.</summary>
    private const int MinimumServerMajor = 15;

    /// <summary>Applies every embedded migration the database lacks, in order.</summary>
    /// <returns>The names of the migrations applied by this call; empty when the schema was already current.</returns>
    /// <exception cref="InvalidOperationException">An applied migration's script has changed since it was applied,
    /// or the server is older than PostgreSQL 15.</exception>
    public static async Task<IReadOnlyList<string>> ApplyAsync(string connectionString, ILogger logger, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentNullException.ThrowIfNull(logger);
        var migrations = EmbeddedMigration.LoadAll();

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        RequireSupportedServer(connection);
        await ExecuteAsync(connection, "SELECT pg_advisory_lock(@key)", ct, ("key", MigrationLockKey));
        try
        {
            await ExecuteAsync(connection,
                """
                CREATE TABLE IF NOT EXISTS juno_schema_migrations
                (
                    version    integer     NOT NULL PRIMARY KEY,
                    name       text        NOT NULL,
                    sha256     char(64)    NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """, ct);

            var applied = await ReadAppliedAsync(connection, ct);
            VerifyApplied(migrations, applied, logger);

            var appliedNow = new List<string>();
            foreach (var migration in migrations.Where(m => !applied.ContainsKey(m.Version)))
            {
                await ApplyOneAsync(connection, migration, ct);
                LogApplied(logger, migration.Name);
                appliedNow.Add(migration.Name);
            }

            return appliedNow;
        }
        finally
        {
            // CancellationToken.None: the lock must be released even when the caller gave up.
            await ExecuteAsync(connection, "SELECT pg_advisory_unlock(@key)", CancellationToken.None, ("key", MigrationLockKey));
        }
    }

    private static void RequireSupportedServer(NpgsqlConnection connection)
    {
        if (connection.PostgreSqlVersion.Major < MinimumServerMajor)
        {
            throw new InvalidOperationException(
                $"Juno's schema needs PostgreSQL {MinimumServerMajor} or newer; the server is {connection.PostgreSqlVersion}.");
        }
    }

    private static async Task<Dictionary<int, (string Name, string Sha256)>> ReadAppliedAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var applied = new Dictionary<int, (string, string)>();
        await using var command = new NpgsqlCommand("SELECT version, name, sha256 FROM juno_schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            applied[reader.GetInt32(0)] = (reader.GetString(1), reader.GetString(2));
        }

        return applied;
    }

    private static void VerifyApplied(
        IReadOnlyList<EmbeddedMigration> migrations, Dictionary<int, (string Name, string Sha256)> applied, ILogger logger)
    {
        var changed = migrations
            .Where(m => applied.TryGetValue(m.Version, out var a) && (a.Sha256 != m.Sha256 || a.Name != m.Name))
            .Select(m => $"{m.Name} (recorded as {applied[m.Version].Name} with sha256 {applied[m.Version].Sha256}, shipped with sha256 {m.Sha256})")
            .ToList();
        if (changed.Count > 0)
        {
            throw new InvalidOperationException(
                "Applied migrations differ from the ones this build ships; migrations are immutable once applied, add a new one instead: "
                + string.Join("; ", changed));
        }

        var known = migrations.Select(m => m.Version).ToHashSet();
        foreach (var (version, (name, _)) in applied.Where(a => !known.Contains(a.Key)))
        {
            // A newer build has migrated this database already (rolling upgrade): tolerated, but worth knowing.
            LogUnknownMigration(logger, version, name);
        }
    }

    private static async Task ApplyOneAsync(NpgsqlConnection connection, EmbeddedMigration migration, CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var script = new NpgsqlCommand(migration.Sql, connection, transaction))
        {
            await script.ExecuteNonQueryAsync(ct);
        }

        await using (var record = new NpgsqlCommand(
            "INSERT INTO juno_schema_migrations (version, name, sha256) VALUES (@version, @name, @sha256)", connection, transaction))
        {
            record.Parameters.AddWithValue("version", migration.Version);
            record.Parameters.AddWithValue("name", migration.Name);
            record.Parameters.AddWithValue("sha256", migration.Sha256);
            await record.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied schema migration {Migration}")]
    private static partial void LogApplied(ILogger logger, string migration);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Database has migration {Version} ({Name}) that this build does not know; a newer build has migrated it")]
    private static partial void LogUnknownMigration(ILogger logger, int version, string name);
}
