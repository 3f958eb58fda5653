using Juno.Contracts.Actions;

namespace Juno.Contracts.Grains;

/// <summary>Keyed by cluster: which workloads and nodes Juno is modelling there, so operators and the
/// HTTP facade can list them without scanning storage.</summary>
[Alias("juno.IEntityDirectoryGrain")]
public interface IEntityDirectoryGrain : IGrainWithStringKey
{
    [Alias("Register")]
    Task Register(EntityKind kind, string entityKey);

    [Alias("Unregister")]
    Task Unregister(EntityKind kind, string entityKey);

    [Alias("List")]
    Task<string[]> List(EntityKind kind);
}
