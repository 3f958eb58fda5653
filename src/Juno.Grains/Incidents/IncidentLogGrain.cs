using Juno.Contracts.Grains;
using Juno.Contracts.Status;
using Juno.Storage;

namespace Juno.Grains.Incidents;

/// <summary>One per cluster: writes healing incidents to the record store (PostgreSQL when configured)
/// and serves the most recent ones from it, so every silo answers the same.</summary>
internal sealed class IncidentLogGrain(IJunoRecordStore store) : Grain, IIncidentLogGrain
{
    public const int MaxListed = 1_000;

    public Task Open(HealingIncident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        return store.RecordIncidentAsync(this.GetPrimaryKeyString(), incident);
    }

    public async Task<HealingIncident[]> Recent(int max)
    {
        var incidents = await store.ListIncidentsAsync(this.GetPrimaryKeyString(), Math.Clamp(max, 1, MaxListed));
        return [.. incidents];
    }
}
