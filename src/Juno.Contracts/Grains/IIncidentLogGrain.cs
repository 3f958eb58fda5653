using Juno.Contracts.Status;

namespace Juno.Contracts.Grains;

/// <summary>Keyed by cluster: healing incidents, written through to the incident store.</summary>
[Alias("juno.IIncidentLogGrain")]
public interface IIncidentLogGrain : IGrainWithStringKey
{
    [Alias("Open")]
    Task Open(HealingIncident incident);

    [Alias("Recent")]
    Task<HealingIncident[]> Recent(int max);
}
