using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Juno.Storage;

public static class JunoRecordStoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IJunoRecordStore"/>: PostgreSQL when a connection string is given (run
    /// <see cref="JunoMigrator.ApplyAsync"/> against it at start-up), otherwise the non-durable in-memory store,
    /// which logs a warning when created.
    /// </summary>
    public static IServiceCollection AddJunoRecordStore(this IServiceCollection services, string? postgresConnectionString)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (string.IsNullOrWhiteSpace(postgresConnectionString))
        {
            services.AddSingleton<IJunoRecordStore>(sp => new InMemoryRecordStore(
                (sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger<InMemoryRecordStore>()));
        }
        else
        {
            // The store owns its data source; the container disposes the store, which disposes the pool.
            services.AddSingleton<IJunoRecordStore>(_ =>
            {
                var dataSource = NpgsqlDataSource.Create(postgresConnectionString);
                return new ReconnectingRecordStore(new PostgresRecordStore(dataSource), dataSource);
            });
        }

        return services;
    }
}
