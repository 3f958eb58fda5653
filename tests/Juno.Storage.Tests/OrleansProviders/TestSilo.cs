using System.Net;
using Juno.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Xunit.Abstractions;

namespace Juno.Storage.Tests.OrleansProviders;

/// <summary>A real silo on loopback, clustered and persisting through Juno's PostgreSQL schema.</summary>
internal sealed class TestSilo : IAsyncDisposable
{
    public const string StorageName = "store";
    public const string ServiceId = "juno-storage-tests";

    private readonly IHost _host;
    private bool _stopped;

    private TestSilo(IHost host, int siloPort, int gatewayPort)
    {
        _host = host;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
    }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public IServiceProvider Services => _host.Services;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public static async Task<TestSilo> StartAsync(string connectionString, string clusterId, ITestOutputHelper output)
    {
        var siloPort = FreePorts.Next();
        var gatewayPort = FreePorts.Next();
        var host = Host.CreateDefaultBuilder()
            .UseOrleans(silo =>
            {
                silo.UseAdoNetClustering(o =>
                {
                    o.Invariant = JunoStorage.AdoNetInvariant;
                    o.ConnectionString = connectionString;
                });
                silo.AddAdoNetGrainStorage(StorageName, o =>
                {
                    o.Invariant = JunoStorage.AdoNetInvariant;
                    o.ConnectionString = connectionString;
                });
                silo.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = clusterId;
                    o.ServiceId = ServiceId;
                });
                silo.ConfigureEndpoints(IPAddress.Loopback, siloPort, gatewayPort);
                silo.Configure<ClusterMembershipOptions>(FastMembership);
            })
            .ConfigureLogging(logging => TestLogging.ToOutput(logging, output))
            .Build();
        await host.StartAsync();
        return new TestSilo(host, siloPort, gatewayPort);
    }

    /// <summary>Membership timings short enough for tests: a joining silo is probed and a stopped one noticed
    /// within seconds rather than the production minutes.</summary>
    private static void FastMembership(ClusterMembershipOptions options)
    {
        options.ProbeTimeout = TimeSpan.FromSeconds(1);
        options.TableRefreshTimeout = TimeSpan.FromSeconds(1);
        options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(2);
        options.NumMissedProbesLimit = 2;
        options.NumVotesForDeathDeclaration = 1;
        options.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(10);
    }

    /// <summary>Graceful shutdown: the silo marks itself dead in the membership table on the way out.</summary>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _host.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _host.Dispose();
    }
}
