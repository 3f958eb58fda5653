using Juno.Contracts.Actions;
using Microsoft.Extensions.Logging.Abstractions;

namespace Juno.Actuation.Tests;

/// <summary>Discovery by list-then-watch against the emulator over real HTTP: what exists, what appears and goes,
/// a watch that drops (resumed without repeats), and a watch whose history was compacted (410: listed again, and what
/// vanished meanwhile reported gone).</summary>
public sealed class KubernetesInventoryTests : EmulatorTest
{
    [Fact]
    public async Task Deployments_and_nodes_are_followed_through_dropped_and_expired_watches()
    {
        Emulator.AddDeployment("prod", "web", replicas: 2, readyReplicas: 2);
        Emulator.AddNode("node-1");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var client = Emulator.CreateClient(TimeSpan.FromMinutes(5));
        var inventory = new KubernetesInventory(client, NullLogger<KubernetesInventory>.Instance, Time);
        await using var changes = inventory.WatchAsync(timeout.Token).GetAsyncEnumerator(timeout.Token);

        Assert.Equal(
            [(InventoryEvent.Present, EntityKind.Node, "", "node-1"), (InventoryEvent.Present, EntityKind.Workload, "prod", "web")],
            (await NextAsync(changes, 2)).OrderBy(c => c.Name));

        Emulator.AddDeployment("prod", "api", replicas: 1, readyReplicas: 1);
        Assert.Equal([(InventoryEvent.Present, EntityKind.Workload, "prod", "api")], await NextAsync(changes, 1));
        Emulator.ChangeDeployment("prod", "api", d => d.Spec.Replicas = 3);
        Emulator.DeleteDeployment("prod", "web");
        Assert.Equal([(InventoryEvent.Gone, EntityKind.Workload, "prod", "web")], await NextAsync(changes, 1));

        // The connection drops: the watch resumes from the last resourceVersion, so nothing is reported twice.
        Emulator.EndWatches();
        Emulator.AddNode("node-2");
        Assert.Equal([(InventoryEvent.Present, EntityKind.Node, "", "node-2")], await NextAsync(changes, 1));

        // Changes while nobody watches, then the history is compacted: the resumed watch gets 410 and the inventory
        // lists again, reporting what the list no longer holds.
        Emulator.PauseWatches();
        Emulator.EndWatches();
        Emulator.DeleteDeployment("prod", "api");
        Emulator.DeleteNode("node-1");
        Emulator.CompactHistory();
        Emulator.ResumeWatches();
        Assert.Equal(
            [(InventoryEvent.Gone, EntityKind.Workload, "prod", "api"), (InventoryEvent.Gone, EntityKind.Node, "", "node-1")],
            (await NextAsync(changes, 2)).OrderByDescending(c => c.Kind == EntityKind.Workload));
        Assert.Equal(2, Emulator.Requests.Count(r => r.Method == "GET" && r.Path == "/apis/apps/v1/deployments" && !r.Query.Contains("watch=true", StringComparison.Ordinal)));
        Assert.Contains(Emulator.Requests, r => r.Path == "/apis/apps/v1/deployments" && r.Query.Contains("watch=true", StringComparison.Ordinal) && r.Query.Contains("resourceVersion=", StringComparison.Ordinal));
    }

    private static async Task<List<(InventoryEvent Event, EntityKind Kind, string Namespace, string Name)>> NextAsync(IAsyncEnumerator<InventoryChange> changes, int count)
    {
        var taken = new List<(InventoryEvent Event, EntityKind Kind, string Namespace, string Name)>();
        while (taken.Count < count)
        {
            Assert.True(await changes.MoveNextAsync(), "the inventory ended");
            taken.Add((changes.Current.Event, changes.Current.Kind, changes.Current.Namespace, changes.Current.Name));
        }

        return taken;
    }
}
