using Juno.Contracts.Policies;

namespace Juno.Grains.Policies;

/// <summary>A version as the registry keeps it: what the API shows, and the trained network (Mlp bytes; none for the
/// builtin agent, whose prior every silo builds at start).</summary>
[GenerateSerializer]
[Alias("juno.StoredPolicy")]
internal sealed class StoredPolicy
{
    [Id(0)]
    public PolicyVersion Info { get; set; } = null!;

    [Id(1)]
    public byte[]? Network { get; set; }
}
