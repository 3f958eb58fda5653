using Juno.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Storage;
using Xunit.Abstractions;

namespace Juno.Storage.Tests.OrleansProviders;

/// <summary>Orleans' ADO.NET grain storage against Juno's persistence schema, through real silos.</summary>
[Collection(PostgresCollection.Name)]
public sealed class OrleansGrainStorageTests(PostgresFixture postgres, ITestOutputHelper output) : IAsyncLifetime
{
    private const string StorageGrainType = "juno-conflict";
    private string _connectionString = "";

    public async Task InitializeAsync() => _connectionString = await MigratedDatabase.CreateAsync(postgres);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task State_is_written_read_cleared_and_survives_a_silo_restart()
    {
        var clusterId = "cluster-" + Guid.NewGuid().ToString("N");
        await using (var silo = await TestSilo.StartAsync(_connectionString, clusterId, output))
        {
            var grain = silo.Grains.GetGrain<IProfileGrain>("ada");
            Assert.False(await grain.Exists());
            await grain.Set("ada", 3);
            Assert.Equal(("ada", 3), await ReadAsync(grain));
        }

        Assert.Equal([(1, true)], await StoredRowsAsync());

        await using (var restarted = await TestSilo.StartAsync(_connectionString, clusterId, output))
        {
            var grain = restarted.Grains.GetGrain<IProfileGrain>("ada");
            Assert.True(await grain.Exists());
            Assert.Equal(("ada", 3), await ReadAsync(grain));
            await grain.Clear();
            Assert.False(await grain.Exists());
            Assert.Equal(("", 0), await ReadAsync(grain));
        }

        Assert.Equal([(2, false)], await StoredRowsAsync());

        await using (var again = await TestSilo.StartAsync(_connectionString, clusterId, output))
        {
            var grain = again.Grains.GetGrain<IProfileGrain>("ada");
            Assert.False(await grain.Exists());
            Assert.Equal(("", 0), await ReadAsync(grain));
        }
    }

    [Fact]
    public async Task A_writer_holding_a_stale_etag_gets_an_inconsistent_state_exception()
    {
        await using var silo = await TestSilo.StartAsync(_connectionString, "cluster-" + Guid.NewGuid().ToString("N"), output);
        var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>(TestSilo.StorageName);
        var grainId = GrainId.Create(StorageGrainType, "shared-" + Guid.NewGuid().ToString("N"));
        var alice = await ReadStateAsync(storage, grainId);
        var bob = await ReadStateAsync(storage, grainId);

        alice.State = new ProfileState { Name = "alice", Visits = 1 };
        await storage.WriteStateAsync(StorageGrainType, grainId, alice);
        bob.State = new ProfileState { Name = "bob", Visits = 1 };
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StorageGrainType, grainId, bob));

        var bobRefreshed = await ReadStateAsync(storage, grainId);
        bobRefreshed.State = new ProfileState { Name = "bob", Visits = 2 };
        await storage.WriteStateAsync(StorageGrainType, grainId, bobRefreshed);
        alice.State = new ProfileState { Name = "alice", Visits = 2 };
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StorageGrainType, grainId, alice));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync(StorageGrainType, grainId, alice));

        var final = await ReadStateAsync(storage, grainId);
        Assert.Equal(("1", "2", "2"), (alice.ETag, bobRefreshed.ETag, final.ETag));
        Assert.Equal(("bob", 2), (final.State!.Name, final.State.Visits));
    }

    [Fact]
    public async Task Two_first_writes_to_a_guid_keyed_grain_cannot_both_succeed()
    {
        // Guid keys have no string part (NULL in the table); the unique key must still treat them as one grain.
        await using var silo = await TestSilo.StartAsync(_connectionString, "cluster-" + Guid.NewGuid().ToString("N"), output);
        var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>(TestSilo.StorageName);
        var grainId = GrainId.Create(GrainType.Create(StorageGrainType), GrainIdKeyExtensions.CreateGuidKey(Guid.NewGuid()));
        var first = new GrainState<ProfileState>(new ProfileState { Name = "first" });
        var second = new GrainState<ProfileState>(new ProfileState { Name = "second" });

        await storage.WriteStateAsync(StorageGrainType, grainId, first);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StorageGrainType, grainId, second));

        var stored = await ReadStateAsync(storage, grainId);
        Assert.Equal(("1", "first"), (stored.ETag, stored.State!.Name));
    }

    private static async Task<(string, int)> ReadAsync(IProfileGrain grain)
    {
        var state = await grain.Get();
        return (state.Name, state.Visits);
    }

    private static async Task<GrainState<ProfileState>> ReadStateAsync(IGrainStorage storage, GrainId grainId)
    {
        var state = new GrainState<ProfileState>(new ProfileState());
        await storage.ReadStateAsync(StorageGrainType, grainId, state);
        return state;
    }

    private async Task<List<(int Version, bool HasPayload)>> StoredRowsAsync()
    {
        var rows = await Sql.QueryAsync(_connectionString,
            "SELECT version, payload IS NOT NULL FROM orleans_grain_state WHERE grain_type LIKE '%profile%'");
        return rows.Select(r => ((int)r[0]!, (bool)r[1]!)).ToList();
    }
}
