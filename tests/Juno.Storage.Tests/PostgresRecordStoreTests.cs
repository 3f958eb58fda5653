using Juno.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Juno.Storage.Tests;

[Collection(PostgresCollection.Name)]
public sealed class PostgresRecordStoreTests(PostgresFixture postgres) : RecordStoreContract
{
    private string _connectionString = "";

    protected override bool ExpectedDurable => true;

    protected override async Task<IJunoRecordStore> CreateStoreAsync()
    {
        _connectionString = await MigratedDatabase.CreateAsync(postgres);
        return new ServiceCollection()
            .AddJunoRecordStore(_connectionString)
            .BuildServiceProvider()
            .GetRequiredService<IJunoRecordStore>();
    }

    [Fact]
    public async Task Scaling_events_are_stored()
    {
        var actionId = Guid.NewGuid();
        var at = new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

        await Store.RecordScalingEventAsync(new ScalingEvent(actionId, "prod", "shop/web", 3, 5, true, "scaled", at));

        var row = Assert.Single(await Sql.QueryAsync(_connectionString,
            "SELECT action_id, cluster, entity, from_replicas, to_replicas, succeeded, detail, occurred_at FROM scaling_events"));
        Assert.Equal<object?>([actionId, "prod", "shop/web", 3, 5, true, "scaled", at.UtcDateTime], row);
    }

    [Fact]
    public async Task Records_survive_a_new_store_instance()
    {
        var cluster = NewName("cluster");
        var appended = await Store.AppendAuditAsync(new AuditEntry(cluster, Guid.NewGuid(), "proposed", "agent", """{"a": 1}""", DateTimeOffset.UtcNow));

        await using var reopened = (IAsyncDisposable)new ServiceCollection()
            .AddJunoRecordStore(_connectionString)
            .BuildServiceProvider()
            .GetRequiredService<IJunoRecordStore>();

        Assert.Equal([appended], await ((IJunoRecordStore)reopened).ReadAuditAsync(cluster));
    }
}
