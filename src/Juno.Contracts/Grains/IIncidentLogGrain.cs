using Juno.Contracts.Actions;
using Juno.Contracts.Healing;
using Juno.Contracts.Status;

namespace Juno.Contracts.Grains;

/// <summary>Keyed by cluster: healing incidents, written through to the incident store, and the entities whose
/// last diagnosis put an SLO breach within reach.</summary>
[Alias("juno.IIncidentLogGrain")]
public interface IIncidentLogGrain : IGrainWithStringKey
{
    [Alias("Open")]
    Task Open(HealingIncident incident);

    [Alias("Recent")]
    Task<HealingIncident[]> Recent(int max);

    /// <summary>An entity's breach risk from its latest tick; below the watch line it leaves the at-risk list.
    /// One-way: a tick never waits on the log.</summary>
    [Orleans.Concurrency.OneWay]
    [Alias("ReportRisk")]
    Task ReportRisk(AtRiskEntity risk);

    /// <summary>Incidents by severity over <paramref name="window"/>, the entities at risk now, the latest incidents.</summary>
    [Alias("GetHealingStatus")]
    Task<HealingStatus> GetHealingStatus(TimeSpan window);
}
