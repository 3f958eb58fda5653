using Juno.Contracts.Actions;
using Juno.Contracts.Grains;

namespace Juno.Grains.Entities;

[GenerateSerializer]
[Alias("juno.DirectoryState")]
public sealed class DirectoryState
{
    [Id(0)] public SortedSet<string> Workloads { get; set; } = new(StringComparer.Ordinal);
    [Id(1)] public SortedSet<string> Nodes { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>Which entities Juno models in one cluster. Written once per new entity, read by operators.</summary>
internal sealed class EntityDirectoryGrain(
    [PersistentState("directory", StorageNames.Entities)] IPersistentState<DirectoryState> state) : Grain, IEntityDirectoryGrain
{
    public async Task Register(EntityKind kind, string entityKey)
    {
        if (Set(kind).Add(entityKey))
        {
            await state.WriteStateAsync();
        }
    }

    public async Task Unregister(EntityKind kind, string entityKey)
    {
        if (Set(kind).Remove(entityKey))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<string[]> List(EntityKind kind) => Task.FromResult(Set(kind).ToArray());

    private SortedSet<string> Set(EntityKind kind) => kind switch
    {
        EntityKind.Workload => state.State.Workloads,
        EntityKind.Node => state.State.Nodes,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "The directory lists workloads and nodes."),
    };
}
