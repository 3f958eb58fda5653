using Juno.Contracts.Grains;

namespace Juno.Grains.Entities;

[GenerateSerializer]
[Alias("juno.TenantState")]
public sealed class TenantState
{
    [Id(0)] public TenantPolicy Policy { get; set; } = TenantPolicy.Default;
}
