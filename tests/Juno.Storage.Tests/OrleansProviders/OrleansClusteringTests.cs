using Juno.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Runtime;
using Xunit.Abstractions;

namespace Juno.Storage.Tests.OrleansProviders;

/// <summary>Real silos clustering through Orleans' ADO.NET provider against Juno's schema.</summary>
[Collection(PostgresCollection.Name)]
public sealed class OrleansClusteringTests(PostgresFixture postgres, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan MembershipTimeout = TimeSpan.FromSeconds(30);
    private string _connectionString = "";

    public async Task InitializeAsync() => _connectionString = await MigratedDatabase.CreateAsync(postgres);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Two_silos_form_one_cluster_and_a_stopped_silo_is_marked_dead()
    {
        var clusterId = "cluster-" + Guid.NewGuid().ToString("N");
        await using var first = await TestSilo.StartAsync(_connectionString, clusterId, output);
        await using var second = await TestSilo.StartAsync(_connectionString, clusterId, output);

        await Eventually.HoldsAsync(async () => (await ActiveHostsAsync(first)).Count == 2, MembershipTimeout, "the first silo sees two active silos");
        await Eventually.HoldsAsync(async () => (await ActiveHostsAsync(second)).Count == 2, MembershipTimeout, "the second silo sees two active silos");
        Assert.Equal(
            [(first.SiloPort, (int)SiloStatus.Active, first.GatewayPort), (second.SiloPort, (int)SiloStatus.Active, second.GatewayPort)],
            await MembershipRowsAsync(clusterId));

        await second.StopAsync();

        Assert.Equal(
            [(first.SiloPort, (int)SiloStatus.Active, first.GatewayPort), (second.SiloPort, (int)SiloStatus.Dead, second.GatewayPort)],
            await MembershipRowsAsync(clusterId));
        await Eventually.HoldsAsync(async () => (await ActiveHostsAsync(first)).Count == 1, MembershipTimeout, "the first silo sees the second as gone");
        Assert.Equal(first.SiloPort, Assert.Single(await ActiveHostsAsync(first)).Key.Endpoint.Port);
    }

    [Fact]
    public async Task A_client_finds_a_gateway_through_the_table_and_reaches_a_grain()
    {
        var clusterId = "cluster-" + Guid.NewGuid().ToString("N");
        await using var silo = await TestSilo.StartAsync(_connectionString, clusterId, output);
        using var client = Host.CreateDefaultBuilder()
            .UseOrleansClient(c =>
            {
                c.UseAdoNetClustering(o =>
                {
                    o.Invariant = JunoStorage.AdoNetInvariant;
                    o.ConnectionString = _connectionString;
                });
                c.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = clusterId;
                    o.ServiceId = TestSilo.ServiceId;
                });
            })
            .ConfigureLogging(logging => TestLogging.ToOutput(logging, output))
            .Build();
        await client.StartAsync();

        var grains = client.Services.GetRequiredService<IClusterClient>();
        await grains.GetGrain<IProfileGrain>("via-client").Set("grace", 7);
        var state = await silo.Grains.GetGrain<IProfileGrain>("via-client").Get();
        await client.StopAsync();

        Assert.Equal(("grace", 7), (state.Name, state.Visits));
    }

    private static async Task<Dictionary<SiloAddress, SiloStatus>> ActiveHostsAsync(TestSilo silo) =>
        await silo.Grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);

    private async Task<List<(int Port, int Status, int ProxyPort)>> MembershipRowsAsync(string clusterId)
    {
        var rows = await Sql.QueryAsync(_connectionString,
            $"SELECT port, status, proxy_port FROM orleans_membership WHERE deployment_id = '{clusterId}' ORDER BY start_time");
        return rows.Select(r => ((int)r[0]!, (int)r[1]!, (int)r[2]!)).ToList();
    }
}
