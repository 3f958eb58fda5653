using Juno.Grains.Options;
using Juno.Storage;

namespace Juno.Silo.Hosting;

/// <summary>Work that must happen before the silo starts: the schema its providers read.</summary>
internal static class StartupChecks
{
    public static async Task PrepareStorageAsync(IConfiguration configuration, ILogger logger, CancellationToken ct)
    {
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        if (!storage.IsDurable)
        {
            logger.LogWarning(
                "NOT DURABLE: no Juno:Storage:PostgresConnectionString is configured, so this is one localhost silo with memory storage. "
                + "Models, decisions, audit log and approvals are lost when it stops. Set the connection string for production.");
            return;
        }

        // Orleans' ADO.NET providers read their queries from the schema at start, so it must exist first.
        await JunoMigrator.ApplyAsync(storage.PostgresConnectionString!, logger, ct);
    }
}
