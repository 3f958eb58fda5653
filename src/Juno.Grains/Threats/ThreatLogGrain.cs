using Juno.Contracts.Grains;
using Juno.Contracts.Threats;
using Juno.Storage;
using Microsoft.Extensions.Logging;

namespace Juno.Grains.Threats;

/// <summary>One per cluster: writes threat alerts to the record store (threat_events in PostgreSQL) and answers
/// from it, so every silo lists the same alerts; carries out people's responses to them.</summary>
internal sealed class ThreatLogGrain(IJunoRecordStore store, ILogger<ThreatLogGrain> logger) : Grain, IThreatLogGrain
{
    public const int MaxListed = 1_000;

    private string Cluster => this.GetPrimaryKeyString();

    public Task Record(ThreatAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (!string.Equals(alert.Cluster, Cluster, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Alert {alert.AlertId} is for cluster '{alert.Cluster}', this log is '{Cluster}'.", nameof(alert));
        }

        return store.UpsertThreatAsync(alert);
    }

    public async Task<ThreatAlert?> Get(Guid alertId) =>
        await store.GetThreatAsync(alertId) is { } alert && alert.Cluster == Cluster ? alert : null;

    public async Task<ThreatAlert[]> List(bool openOnly, string? entity, DateTimeOffset? since, int max)
    {
        var alerts = await store.ListThreatsAsync(new ThreatQuery(
            Cluster, Math.Clamp(max, 1, MaxListed), openOnly ? [ThreatStatus.Open] : null, entity, since));
        return [.. alerts];
    }

    public async Task<ThreatResponseResult> Respond(ThreatResponseRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.Actor))
        {
            throw new ArgumentException("A response must name the person who gave it.", nameof(request));
        }

        var alert = await Get(request.AlertId) ?? throw new UnknownAlertException(request.AlertId);
        if (alert.Status is ThreatStatus.FalsePositive or ThreatStatus.Dismissed)
        {
            throw new AlertClosedException(alert.AlertId, alert.Status);
        }

        var entity = EntityOf(alert);
        var note = string.IsNullOrWhiteSpace(request.Comment) ? "" : $": {request.Comment}";
        switch (request.Response)
        {
            case ThreatResponseKind.FalsePositive:
                // The model learns first: if that fails the alert stays open and the person can try again.
                await entity.AcceptAsNormal(alert.Trigger);
                alert = Close(alert, ThreatStatus.FalsePositive, $"false positive per {request.Actor}{note}; the entity's model learned this behaviour");
                await store.UpsertThreatAsync(alert);
                logger.LogInformation("Threat alert {AlertId} on {Entity} marked a false positive by {Actor}", alert.AlertId, alert.Entity, request.Actor);
                return new ThreatResponseResult(alert, null);

            case ThreatResponseKind.Dismiss:
                alert = Close(alert, ThreatStatus.Dismissed, $"dismissed by {request.Actor}{note}");
                await store.UpsertThreatAsync(alert);
                return new ThreatResponseResult(alert, null);

            default:
                // The entity proposes, so governance's outcome flows back to it (and from it to this alert).
                var result = await entity.RespondToThreat(alert, request.Response, request.Actor);
                await store.UpsertThreatAsync(result.Alert);
                return result;
        }
    }

    private IGuardedEntityGrain EntityOf(ThreatAlert alert) => alert.EntityKind == Contracts.Actions.EntityKind.Node
        ? GrainFactory.GetGrain<INodeGrain>(alert.Entity)
        : GrainFactory.GetGrain<IWorkloadGrain>(alert.Entity);

    private static ThreatAlert Close(ThreatAlert alert, ThreatStatus status, string reason) => alert with
    {
        Status = status,
        StatusReason = reason,
        Playbook = [.. alert.Playbook, reason],
    };
}
