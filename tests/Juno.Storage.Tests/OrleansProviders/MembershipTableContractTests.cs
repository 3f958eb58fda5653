using System.Net;
using Juno.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Runtime.MembershipService;

namespace Juno.Storage.Tests.OrleansProviders;

/// <summary>
/// Orleans' ADO.NET membership table, driven directly, against Juno's clustering schema: the optimistic
/// version protocol Orleans' membership relies on, including the failure paths real silos rarely hit.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class MembershipTableContractTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly DateTime Started = new(2025, 3, 1, 12, 0, 0, DateTimeKind.Utc);
    private string _connectionString = "";

    public async Task InitializeAsync() => _connectionString = await MigratedDatabase.CreateAsync(postgres);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_new_table_has_version_zero_and_no_members()
    {
        var table = await OpenAsync(NewClusterId());

        var data = await table.ReadAllAsync(default);

        Assert.Equal(0, data.Version.Version);
        Assert.Empty(data.Members);
    }

    [Fact]
    public async Task An_inserted_silo_reads_back_field_for_field_and_advances_the_version()
    {
        var table = await OpenAsync(NewClusterId());
        var entry = Entry(11111, SiloStatus.Active, Started.AddSeconds(5));

        Assert.True(await table.InsertRowAsync(entry, await NextVersionAsync(table), default));

        var data = await table.ReadRowAsync(entry.SiloAddress, default);
        Assert.Equal(1, data.Version.Version);
        var (read, etag) = Assert.Single(data.Members);
        AssertSameEntry(entry, read);
        Assert.Equal("1", etag);
    }

    [Fact]
    public async Task Inserts_against_a_stale_version_or_for_a_registered_silo_change_nothing()
    {
        var table = await OpenAsync(NewClusterId());
        var initial = (await table.ReadAllAsync(default)).Version;
        var entry = Entry(11111, SiloStatus.Joining, Started);
        Assert.True(await table.InsertRowAsync(entry, initial.Next(), default));

        var stale = await table.InsertRowAsync(Entry(22222, SiloStatus.Joining, Started), initial.Next(), default);
        var duplicate = await table.InsertRowAsync(entry, await NextVersionAsync(table), default);

        Assert.False(stale);
        Assert.False(duplicate);
        var data = await table.ReadAllAsync(default);
        Assert.Equal(1, data.Version.Version);
        Assert.Equal(entry.SiloAddress, Assert.Single(data.Members).Item1.SiloAddress);
    }

    [Fact]
    public async Task Updates_need_the_current_version_and_an_existing_silo()
    {
        var table = await OpenAsync(NewClusterId());
        var entry = Entry(11111, SiloStatus.Joining, Started);
        await table.InsertRowAsync(entry, await NextVersionAsync(table), default);
        var afterInsert = (await table.ReadAllAsync(default)).Version;
        var suspector = SiloAddress.New(IPAddress.Loopback, 33333, 7);
        entry.Status = SiloStatus.Active;
        entry.SuspectTimes = [Tuple.Create(suspector, Started.AddSeconds(30))];

        var updated = await table.UpdateRowAsync(entry, "1", afterInsert.Next(), default);
        var stale = await table.UpdateRowAsync(entry, "1", afterInsert.Next(), default);
        var unknown = await table.UpdateRowAsync(Entry(22222, SiloStatus.Active, Started), "2", await NextVersionAsync(table), default);

        Assert.True(updated);
        Assert.False(stale);
        Assert.False(unknown);
        var data = await table.ReadAllAsync(default);
        Assert.Equal(2, data.Version.Version);
        AssertSameEntry(entry, Assert.Single(data.Members).Item1);
    }

    [Fact]
    public async Task I_am_alive_moves_the_heartbeat_but_not_the_version()
    {
        var table = await OpenAsync(NewClusterId());
        var entry = Entry(11111, SiloStatus.Active, Started);
        await table.InsertRowAsync(entry, await NextVersionAsync(table), default);

        entry.IAmAliveTime = Started.AddMinutes(3);
        await table.UpdateIAmAliveAsync(entry, default);

        var data = await table.ReadRowAsync(entry.SiloAddress, default);
        Assert.Equal(1, data.Version.Version);
        Assert.Equal(Started.AddMinutes(3), Assert.Single(data.Members).Item1.IAmAliveTime);
    }

    [Fact]
    public async Task Cleanup_removes_only_silos_that_are_dead_and_silent_since_the_cut_off()
    {
        var table = await OpenAsync(NewClusterId());
        var longDead = Entry(11111, SiloStatus.Dead, Started);
        var recentlyDead = Entry(22222, SiloStatus.Dead, Started.AddHours(2));
        var quietButActive = Entry(33333, SiloStatus.Active, Started);
        foreach (var entry in new[] { longDead, recentlyDead, quietButActive })
        {
            Assert.True(await table.InsertRowAsync(entry, await NextVersionAsync(table), default));
        }

        await table.CleanupDefunctSiloEntriesAsync(new DateTimeOffset(Started.AddHours(1)), default);

        var remaining = (await table.ReadAllAsync(default)).Members.Select(m => m.Item1.SiloAddress.Endpoint.Port).Order();
        Assert.Equal([22222, 33333], remaining);
    }

    [Fact]
    public async Task Deleting_a_cluster_removes_its_rows_and_leaves_other_clusters_alone()
    {
        var doomedId = NewClusterId();
        var doomed = await OpenAsync(doomedId);
        var survivor = await OpenAsync(NewClusterId());
        await doomed.InsertRowAsync(Entry(11111, SiloStatus.Active, Started), await NextVersionAsync(doomed), default);
        await survivor.InsertRowAsync(Entry(11111, SiloStatus.Active, Started), await NextVersionAsync(survivor), default);

        await doomed.DeleteMembershipTableEntriesAsync(doomedId, default);
        var reopened = await OpenAsync(doomedId);

        Assert.Empty((await reopened.ReadAllAsync(default)).Members);
        Assert.Equal(0, (await reopened.ReadAllAsync(default)).Version.Version);
        Assert.Single((await survivor.ReadAllAsync(default)).Members);
    }

    private async Task<AdoNetClusteringTable> OpenAsync(string clusterId)
    {
        var table = new AdoNetClusteringTable(
            new ServiceCollection().BuildServiceProvider(),
            Options.Create(new ClusterOptions { ClusterId = clusterId, ServiceId = TestSilo.ServiceId }),
            Options.Create(new AdoNetClusteringSiloOptions { Invariant = JunoStorage.AdoNetInvariant, ConnectionString = _connectionString }),
            NullLogger<AdoNetClusteringTable>.Instance);
        await table.InitializeMembershipTableAsync(tryInitTableVersion: true, default);
        return table;
    }

    /// <summary>What Orleans passes to an insert or update: the version it read, plus one (same etag).</summary>
    private static async Task<TableVersion> NextVersionAsync(AdoNetClusteringTable table) =>
        (await table.ReadAllAsync(default)).Version.Next();

    private static string NewClusterId() => "cluster-" + Guid.NewGuid().ToString("N");

    private static MembershipEntry Entry(int port, SiloStatus status, DateTime aliveAt) => new()
    {
        SiloAddress = SiloAddress.New(IPAddress.Loopback, port, 42),
        SiloName = $"silo-{port}",
        HostName = "host-a",
        Status = status,
        ProxyPort = port + 1,
        StartTime = Started,
        IAmAliveTime = aliveAt,
    };

    private static void AssertSameEntry(MembershipEntry expected, MembershipEntry actual)
    {
        Assert.Equal(expected.SiloAddress, actual.SiloAddress);
        Assert.Equal(expected.SiloName, actual.SiloName);
        Assert.Equal(expected.HostName, actual.HostName);
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.ProxyPort, actual.ProxyPort);
        Assert.Equal(expected.StartTime, actual.StartTime);
        Assert.Equal(expected.IAmAliveTime, actual.IAmAliveTime);
        Assert.Equal(expected.SuspectTimes ?? [], actual.SuspectTimes ?? []);
    }
}
