using Juno.Contracts.Threats;
using Orleans.Concurrency;

namespace Juno.Contracts.Grains;

/// <summary>Keyed by cluster: the cluster's threat alerts, written through to threat_events, and the place people
/// respond to them (a response to an action goes on to the entity, which proposes it to governance).</summary>
[Alias("juno.IThreatLogGrain")]
public interface IThreatLogGrain : IGrainWithStringKey
{
    /// <summary>Records a new alert or a new state of a known one. Interleaves: entities record while this grain may
    /// be waiting on one of them in <see cref="Respond"/>.</summary>
    [AlwaysInterleave]
    [Alias("Record")]
    Task Record(ThreatAlert alert);

    [AlwaysInterleave]
    [Alias("Get")]
    Task<ThreatAlert?> Get(Guid alertId);

    /// <summary>Newest first. <paramref name="openOnly"/> lists alerts still waiting for a response.</summary>
    [Alias("List")]
    Task<ThreatAlert[]> List(bool openOnly, string? entity, DateTimeOffset? since, int max);

    /// <summary>Carries out a person's response to an alert.</summary>
    /// <exception cref="UnknownAlertException">No alert with that id in this cluster.</exception>
    /// <exception cref="AlertClosedException">The alert is already closed (false positive or dismissed).</exception>
    [Alias("Respond")]
    Task<ThreatResponseResult> Respond(ThreatResponseRequest request);
}

/// <summary>No alert with this id exists in the cluster asked.</summary>
[GenerateSerializer]
[Alias("juno.UnknownAlertException")]
public sealed class UnknownAlertException(Guid alertId) : Exception($"No threat alert {alertId}.")
{
    [Id(0)]
    public Guid AlertId { get; } = alertId;
}

/// <summary>The alert was closed earlier; closing or acting on it again would hide what happened.</summary>
[GenerateSerializer]
[Alias("juno.AlertClosedException")]
public sealed class AlertClosedException(Guid alertId, ThreatStatus status)
    : Exception($"Threat alert {alertId} is closed ({status.WireName()}).")
{
    [Id(0)]
    public Guid AlertId { get; } = alertId;

    [Id(1)]
    public ThreatStatus Status { get; } = status;
}
