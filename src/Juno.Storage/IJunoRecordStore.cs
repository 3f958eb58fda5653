using Juno.Contracts.Governance;
using Juno.Contracts.Status;
using Juno.Contracts.Threats;

namespace Juno.Storage;

/// <summary>
/// Juno's durable records: the per-cluster audit chain, action state with at-most-once execution, healing
/// incidents, threat alerts and scaling events. Times are stored as UTC instants with microsecond precision.
/// </summary>
public interface IJunoRecordStore
{
    /// <summary>False for the in-memory store: records vanish with the process.</summary>
    bool IsDurable { get; }

    /// <summary>Appends to the cluster's hash chain. Appends for one cluster are serialised, so sequence numbers
    /// are gap-free and each row links to the one before it.</summary>
    Task<AuditRecord> AppendAuditAsync(AuditEntry entry, CancellationToken ct = default);

    /// <summary>The newest <paramref name="max"/> entries of the cluster (optionally of one action), oldest first.</summary>
    Task<IReadOnlyList<AuditRecord>> ReadAuditAsync(string cluster, Guid? actionId = null, int max = 1000, CancellationToken ct = default);

    /// <summary>Recomputes every hash of the cluster's chain and reports the first broken sequence.</summary>
    Task<AuditVerification> VerifyAuditChainAsync(string cluster, CancellationToken ct = default);

    /// <summary>Inserts or replaces the action's record. Never re-opens execution: see <see cref="TryBeginExecutionAsync"/>.</summary>
    Task UpsertActionAsync(ActionRecord record, CancellationToken ct = default);

    Task<ActionRecord?> GetActionAsync(Guid actionId, CancellationToken ct = default);

    /// <summary>The cluster's actions in <paramref name="status"/>, oldest proposal first: what reconciliation reads
    /// to find actions whose execution began and never recorded an outcome.</summary>
    Task<IReadOnlyList<ActionRecord>> ListActionsByStatusAsync(string cluster, string status, int max, CancellationToken ct = default);

    /// <summary>True exactly once per action id: atomically moves status from 'approved' to 'executing'
    /// (at-most-once execution). Later calls, concurrent calls that lose, and unapproved actions get false,
    /// even if the record is later written back as 'approved'.</summary>
    Task<bool> TryBeginExecutionAsync(Guid actionId, DateTimeOffset at, CancellationToken ct = default);

    /// <summary>Records an incident; recording the same incident id again replaces its details.</summary>
    Task RecordIncidentAsync(string cluster, HealingIncident incident, CancellationToken ct = default);

    /// <summary>The newest <paramref name="max"/> incidents of one cluster, or of all clusters when null; newest first.</summary>
    Task<IReadOnlyList<HealingIncident>> ListIncidentsAsync(string? cluster, int max, CancellationToken ct = default);

    /// <summary>Inserts the alert, or replaces everything but its identity when the alert id is known.</summary>
    Task UpsertThreatAsync(ThreatAlert alert, CancellationToken ct = default);

    Task<ThreatAlert?> GetThreatAsync(Guid alertId, CancellationToken ct = default);

    /// <summary>Alerts matching <paramref name="query"/>, newest first (ties by id).</summary>
    Task<IReadOnlyList<ThreatAlert>> ListThreatsAsync(ThreatQuery query, CancellationToken ct = default);

    /// <summary>Appends a row to governance_adaptations and returns its id (the <see cref="GovernanceAdaptation.Id"/>
    /// passed in is ignored).</summary>
    Task<long> RecordAdaptationAsync(GovernanceAdaptation adaptation, CancellationToken ct = default);

    /// <summary>The cluster's adaptations, newest first.</summary>
    Task<IReadOnlyList<GovernanceAdaptation>> ListAdaptationsAsync(string cluster, int max, CancellationToken ct = default);

    Task<GovernanceAdaptation?> GetAdaptationAsync(string cluster, long id, CancellationToken ct = default);

    /// <summary>Stores <paramref name="file"/> as the model's next version (its <see cref="ModelFile.Version"/> is
    /// ignored) and returns that version number.</summary>
    Task<int> AddModelFileAsync(ModelFile file, CancellationToken ct = default);

    /// <summary>The model's versions, newest first, without their bytes.</summary>
    Task<IReadOnlyList<ModelFile>> ListModelFilesAsync(string model, CancellationToken ct = default);

    /// <summary>One version with its bytes, or null.</summary>
    Task<ModelFile?> GetModelFileAsync(string model, int version, CancellationToken ct = default);

    Task RecordScalingEventAsync(ScalingEvent scalingEvent, CancellationToken ct = default);

    /// <summary>
    /// The newest <paramref name="max"/> scaling events of a cluster (of one entity, "namespace/name", when given; at or
    /// after <paramref name="since"/> when given), newest first.
    /// </summary>
    Task<IReadOnlyList<ScalingEvent>> ListScalingEventsAsync(string cluster, string? entity, DateTimeOffset? since, int max, CancellationToken ct = default);
}
