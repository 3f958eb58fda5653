using Juno.Grains.Hosting;
using Juno.Grains.Options;
using Juno.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Juno.Benchmarks;

/// <summary>One in-process silo running Juno's grains with memory storage and the simulated actuator,
/// as the embedded default does. Calls go through the silo's own grain factory, the path the HTTP facade
/// takes, so a measurement includes Orleans' messaging but not a network hop.</summary>
internal sealed class BenchmarkSilo : IAsyncDisposable
{
    private InProcessTestCluster _cluster = null!;

    public IGrainFactory Grains => _cluster.Silos[0].ServiceProvider.GetRequiredService<IGrainFactory>();

    public IServiceProvider Services => _cluster.Silos[0].ServiceProvider;

    /// <param name="postgresConnectionString">Null: memory storage and records, as the embedded default. Set: grain
    /// storage and Juno's records in that (migrated) database, as production.</param>
    /// <param name="configureServices">Registered before Juno's services, so it can replace their defaults.</param>
    public static async Task<BenchmarkSilo> StartAsync(string? postgresConnectionString = null, Action<IServiceCollection>? configureServices = null)
    {
        var silo = new BenchmarkSilo();
        var builder = new InProcessTestClusterBuilder(1);
        // The test host writes a log file per silo into the working directory by default.
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Juno:Cluster:Name"] = "bench",
                // Decision ticks would add work unrelated to ingestion; benchmarks measure ingestion.
                ["Juno:Decision:TickInterval"] = "01:00:00",
                ["Juno:Storage:PostgresConnectionString"] = postgresConnectionString,
            });
            configureServices?.Invoke(host.Services);
            host.Services.AddJunoGrainServices(host.Configuration);
        });
        builder.ConfigureSilo((_, s) => s.UseJunoGrainStorage(new StorageOptions { PostgresConnectionString = postgresConnectionString }));
        silo._cluster = builder.Build();
        await silo._cluster.DeployAsync();
        return silo;
    }

    public async ValueTask DisposeAsync()
    {
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
    }
}
