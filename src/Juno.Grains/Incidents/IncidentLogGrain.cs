using Juno.Contracts.Grains;
using Juno.Contracts.Healing;
using Juno.Contracts.Status;
using Juno.Storage;

namespace Juno.Grains.Incidents;

/// <summary>One per cluster: writes healing incidents to the record store (PostgreSQL when configured) and serves
/// the most recent ones from it, so every silo answers the same. Also keeps the cluster's at-risk list: entities
/// whose latest tick put an SLO breach within 30 minutes at or above the watch line. That list is live state, not
/// history, so it is held in memory and rebuilt by the next ticks after a restart.</summary>
internal sealed class IncidentLogGrain(IJunoRecordStore store, TimeProvider time) : Grain, IIncidentLogGrain
{
    public const int MaxListed = 1_000;

    /// <summary>Breach probability (30 min) from which an entity is listed as at risk.</summary>
    public const double WatchLine = 0.5;

    /// <summary>An entity that stops reporting (deactivated, deleted) drops off the list after this long.</summary>
    public static readonly TimeSpan RiskLifetime = TimeSpan.FromMinutes(15);

    private const int LatestShown = 10;

    private readonly Dictionary<string, AtRiskEntity> _atRisk = new(StringComparer.Ordinal);

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

    public Task ReportRisk(AtRiskEntity risk)
    {
        ArgumentNullException.ThrowIfNull(risk);
        if (risk.Within30Minutes >= WatchLine)
        {
            _atRisk[risk.Entity] = risk;
        }
        else
        {
            _atRisk.Remove(risk.Entity);
        }

        return Task.CompletedTask;
    }

    public async Task<HealingStatus> GetHealingStatus(TimeSpan window)
    {
        if (window <= TimeSpan.Zero || window > TimeSpan.FromDays(7))
        {
            throw new ArgumentOutOfRangeException(nameof(window), window, "The window must be positive and at most 7 days.");
        }

        var now = time.GetUtcNow();
        foreach (var stale in _atRisk.Values.Where(r => now - r.ReportedAt > RiskLifetime).ToList())
        {
            _atRisk.Remove(stale.Entity);
        }

        var recent = await store.ListIncidentsAsync(this.GetPrimaryKeyString(), MaxListed);
        var inWindow = recent.Where(i => i.DetectedAt >= now - window).ToList();
        return new HealingStatus(
            this.GetPrimaryKeyString(),
            now,
            window,
            inWindow.Count,
            inWindow.GroupBy(i => i.Severity).ToDictionary(g => g.Key, g => g.Count()),
            inWindow.Count(i => i.ActionId is not null),
            [.. _atRisk.Values.OrderByDescending(r => r.Within30Minutes).ThenBy(r => r.Entity, StringComparer.Ordinal)],
            [.. recent.Take(LatestShown)]);
    }
}
