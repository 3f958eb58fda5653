using System.Threading.Channels;
using Juno.Actuation;
using Juno.Contracts.Actions;
using Juno.Contracts.Grains;
using Juno.Contracts.Keys;
using Juno.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Juno.Integration.Tests.Discovery;

/// <summary>What the silo does with the cluster's inventory: Deployments and Nodes that exist become tracked grains
/// (listed in the directory), deleted ones are retired (off the directory, no decisions). The inventory here is a
/// stream the test writes to: the Kubernetes list-and-watch behind it is tested against the API emulator.</summary>
public sealed class DiscoveryTests(DiscoveryTests.Fixture fixture) : IClassFixture<DiscoveryTests.Fixture>
{
    public sealed class Fixture : GrainClusterFixture
    {
        internal ScriptedInventory Inventory { get; } = new();

        protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IClusterInventory>(Inventory);
    }

    [Fact]
    public async Task DeploymentsAndNodesThatExistAreTrackedAndDeletedOnesRetired()
    {
        var directory = fixture.Grains.GetGrain<IEntityDirectoryGrain>(GrainClusterFixture.Cluster);
        var web = EntityKeys.Workload("shop-team", GrainClusterFixture.Cluster, "shop", "disc-web");
        var untenanted = EntityKeys.Workload("default", GrainClusterFixture.Cluster, "tools", "disc-cron");
        var node = EntityKeys.Node(GrainClusterFixture.Cluster, "disc-node");

        await fixture.Inventory.SendAsync(InventoryEvent.Present, EntityKind.Workload, "shop", "disc-web", new() { ["juno.io/tenant"] = "shop-team" });
        await fixture.Inventory.SendAsync(InventoryEvent.Present, EntityKind.Workload, "tools", "disc-cron", []);
        await fixture.Inventory.SendAsync(InventoryEvent.Present, EntityKind.Workload, "bad", "disc-bad", new() { ["juno.io/tenant"] = "Not_A_Tenant" });
        await fixture.Inventory.SendAsync(InventoryEvent.Present, EntityKind.Node, "", "disc-node", []);

        await WaitUntilAsync(async () => (await directory.List(EntityKind.Workload)).Contains(untenanted) && (await directory.List(EntityKind.Node)).Contains(node));
        Assert.Contains(web, await directory.List(EntityKind.Workload));
        Assert.DoesNotContain(await directory.List(EntityKind.Workload), k => k.Contains("disc-bad", StringComparison.Ordinal));

        await fixture.Inventory.SendAsync(InventoryEvent.Gone, EntityKind.Workload, "shop", "disc-web", new() { ["juno.io/tenant"] = "shop-team" });
        await fixture.Inventory.SendAsync(InventoryEvent.Gone, EntityKind.Node, "", "disc-node", []);

        await WaitUntilAsync(async () => !(await directory.List(EntityKind.Workload)).Contains(web) && !(await directory.List(EntityKind.Node)).Contains(node));
        Assert.Null(await fixture.Grains.GetGrain<IWorkloadGrain>(web).DecideNow());
        // Seen again (re-created, or back in a relist): tracked again.
        await fixture.Inventory.SendAsync(InventoryEvent.Present, EntityKind.Workload, "shop", "disc-web", new() { ["juno.io/tenant"] = "shop-team" });
        await WaitUntilAsync(async () => (await directory.List(EntityKind.Workload)).Contains(web));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "discovery did not get there in 20 s");
            await Task.Delay(50);
        }
    }

    /// <summary>An inventory whose changes the test writes.</summary>
    internal sealed class ScriptedInventory : IClusterInventory
    {
        private readonly Channel<InventoryChange> _changes = Channel.CreateUnbounded<InventoryChange>();

        public ValueTask SendAsync(InventoryEvent @event, EntityKind kind, string @namespace, string name, Dictionary<string, string> labels) =>
            _changes.Writer.WriteAsync(new InventoryChange(@event, kind, @namespace, name, labels));

        public IAsyncEnumerable<InventoryChange> WatchAsync(CancellationToken ct) => _changes.Reader.ReadAllAsync(ct);
    }
}
