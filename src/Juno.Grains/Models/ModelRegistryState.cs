using Juno.Contracts.Models;

namespace Juno.Grains.Models;

/// <summary>What serves a named model and how it came to be; the files themselves live in model_files.</summary>
[GenerateSerializer]
[Alias("juno.ModelRegistryState")]
internal sealed class ModelRegistryState
{
    [Id(0)] public int? Active { get; set; }

    /// <summary>Versions active before, most recent last: what a rollback returns to.</summary>
    [Id(1)] public List<int> PreviouslyActive { get; set; } = [];

    [Id(2)] public Dictionary<int, double> Split { get; set; } = [];

    [Id(3)] public int[] Shadows { get; set; } = [];

    [Id(4)] public List<ModelChange> Changes { get; set; } = [];
}
