using Juno.Actuation.Simulation;
using Juno.Grains.Hosting;
using Juno.Grains.Options;
using Juno.Silo.Hosting;
using Juno.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using Xunit;

namespace Juno.Integration.Tests.Infrastructure;

/// <summary>An in-process Orleans cluster running Juno's grains against a real PostgreSQL database
/// (grain storage and Juno's records), the simulated Kubernetes cluster as actuator, and a fake clock
/// that tests advance. Decision ticks and expiry sweeps are set to an hour so only tests drive them.</summary>
public class GrainClusterFixture : IAsyncLifetime
{
    public const string Cluster = "test";

    private readonly string _serviceId = $"juno-test-{Guid.NewGuid():N}";

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));

    public InProcessTestCluster Orleans { get; private set; } = null!;

    public string ConnectionString { get; private set; } = "";

    public IGrainFactory Grains => Orleans.Client;

    public SimulatedCluster Simulated => Services.GetRequiredService<SimulatedCluster>();

    public IJunoRecordStore Records => Services.GetRequiredService<IJunoRecordStore>();

    public IServiceProvider Services => Orleans.Silos[0].ServiceProvider;

    public virtual async Task InitializeAsync()
    {
        ConnectionString = await CreateDatabaseAsync();
        await JunoMigrator.ApplyAsync(ConnectionString, NullLogger.Instance, CancellationToken.None);
        Orleans = BuildCluster(ConnectionString);
        await Orleans.DeployAsync();
    }

    public virtual async Task DisposeAsync()
    {
        await Orleans.StopAllSilosAsync();
        await Orleans.DisposeAsync();
    }

    /// <summary>Stops the silo gracefully (grains deactivate and checkpoint) and starts a new one on the same
    /// database: what a rolling restart does to one silo.</summary>
    public async Task RestartSiloAsync()
    {
        await DisposeAsync();
        Orleans = BuildCluster(ConnectionString);
        await Orleans.DeployAsync();
    }

    /// <summary>Kills the silo (no graceful stop: grains neither deactivate nor checkpoint, in-flight calls are lost)
    /// and starts a new one on the same database: what a crashed pod and its replacement do.</summary>
    public async Task KillAndRestartSiloAsync()
    {
        await Orleans.KillSiloAsync(Orleans.Silos[0]);
        await Orleans.DisposeAsync();
        Orleans = BuildCluster(ConnectionString);
        await Orleans.DeployAsync();
    }

    /// <summary>The database the fixture's silos use; the shared server's by default.</summary>
    protected virtual Task<string> CreateDatabaseAsync() => SharedPostgres.CreateDatabaseAsync();

    /// <summary>Services registered before Juno's own, so they win over its defaults (which are added if absent).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    protected virtual IDictionary<string, string?> Settings(string connectionString) => new Dictionary<string, string?>
    {
        ["Juno:Storage:PostgresConnectionString"] = connectionString,
        ["Juno:Cluster:Name"] = Cluster,
        ["Juno:Actuator:Mode"] = ActuatorModes.Simulated,
        ["Juno:Decision:TickInterval"] = "01:00:00",
        ["Juno:Decision:WarmupSamples"] = "30",
        ["Juno:Governance:ExpirySweepInterval"] = "01:00:00",
        ["Juno:Governance:ApprovalTimeToLive"] = "00:30:00",
        // Off unless a test turns it on: most tests count outcomes at execution.
        ["Juno:Governance:VerificationDelay"] = "00:00:00",
    };

    private InProcessTestCluster BuildCluster(string connectionString)
    {
        var settings = Settings(connectionString);
        var builder = new InProcessTestClusterBuilder(1);
        // Grain state is keyed by service id: a restarted silo must belong to the same service to find it.
        builder.Options.ServiceId = _serviceId;
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Configuration.AddInMemoryCollection(settings);
            host.Services.AddSingleton<TimeProvider>(Time);
            ConfigureServices(host.Services);
            host.Services.AddJunoGrainServices(host.Configuration);
        });
        builder.ConfigureSilo((_, silo) => silo.UseJunoGrainStorage(new StorageOptions { PostgresConnectionString = connectionString }));
        return builder.Build();
    }
}
