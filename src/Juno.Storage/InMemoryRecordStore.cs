using Juno.Contracts.Governance;
using Juno.Contracts.Status;
using Juno.Contracts.Threats;
using Microsoft.Extensions.Logging;

namespace Juno.Storage;

/// <summary>
/// The explicitly non-durable store, for running without PostgreSQL: the same rules as the PostgreSQL store
/// (hash chain, at-most-once execution, time normalisation) held in process memory. One lock guards
/// everything; this store is for development and tests, not for throughput.
/// </summary>
internal sealed partial class InMemoryRecordStore : IJunoRecordStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<AuditRecord>> _auditByCluster = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, ActionRecord> _actions = [];
    private readonly List<GovernanceAdaptation> _adaptations = [];
    private readonly List<ModelFile> _modelFiles = [];
    private readonly HashSet<Guid> _executionStarted = [];
    private readonly Dictionary<Guid, (string Cluster, HealingIncident Incident)> _incidents = [];
    private readonly Dictionary<Guid, ThreatAlert> _threats = [];
    private readonly List<ScalingEvent> _scalingEvents = [];

    public InMemoryRecordStore(ILogger<InMemoryRecordStore> logger) => LogNotDurable(logger);

    public bool IsDurable => false;

    public Task<AuditRecord> AppendAuditAsync(AuditEntry entry, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        JsonText.Validate(entry.PayloadJson, nameof(entry.PayloadJson));
        var at = StoredTime.Normalize(entry.At);
        lock (_gate)
        {
            if (!_auditByCluster.TryGetValue(entry.Cluster, out var chain))
            {
                chain = [];
                _auditByCluster.Add(entry.Cluster, chain);
            }

            var (lastSequence, lastHash) = chain.Count == 0 ? (0L, AuditChain.Genesis) : (chain[^1].Sequence, chain[^1].Hash);
            var record = AuditChain.Link(entry, entry.PayloadJson, at, lastSequence, lastHash);
            chain.Add(record);
            return Task.FromResult(record);
        }
    }

    public Task<IReadOnlyList<AuditRecord>> ReadAuditAsync(string cluster, Guid? actionId = null, int max = 1000, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        lock (_gate)
        {
            IReadOnlyList<AuditRecord> rows = _auditByCluster.TryGetValue(cluster, out var chain)
                ? chain.Where(r => actionId is null || r.ActionId == actionId).TakeLast(max).ToList()
                : [];
            return Task.FromResult(rows);
        }
    }

    public async Task<AuditVerification> VerifyAuditChainAsync(string cluster, CancellationToken ct = default)
    {
        AuditRecord[] rows;
        lock (_gate)
        {
            rows = _auditByCluster.TryGetValue(cluster, out var chain) ? [.. chain] : [];
        }

        var head = rows.Length == 0 ? ((long, string)?)null : (rows[^1].Sequence, rows[^1].Hash);
        return await AuditChain.VerifyAsync(rows.ToAsyncEnumerable(), head);
    }

    public Task UpsertActionAsync(ActionRecord record, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        JsonText.Validate(record.ParametersJson, nameof(record.ParametersJson));
        JsonText.ValidateOptional(record.OutcomeJson, nameof(record.OutcomeJson));
        var stored = record with
        {
            ProposedAt = StoredTime.Normalize(record.ProposedAt),
            UpdatedAt = StoredTime.Normalize(record.UpdatedAt),
        };
        lock (_gate)
        {
            _actions[record.ActionId] = stored;
        }

        return Task.CompletedTask;
    }

    public Task<ActionRecord?> GetActionAsync(Guid actionId, CancellationToken ct = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_actions.GetValueOrDefault(actionId));
        }
    }

    public Task<IReadOnlyList<ActionRecord>> ListActionsByStatusAsync(string cluster, string status, int max, CancellationToken ct = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<ActionRecord>>([.. _actions.Values
                .Where(a => a.Cluster == cluster && a.Status == status)
                .OrderBy(a => a.ProposedAt)
                .ThenBy(a => a.ActionId)
                .Take(max)]);
        }
    }

    public Task<long> RecordAdaptationAsync(GovernanceAdaptation adaptation, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(adaptation);
        lock (_gate)
        {
            var stored = adaptation with { Id = _adaptations.Count + 1, At = StoredTime.Normalize(adaptation.At) };
            _adaptations.Add(stored);
            return Task.FromResult(stored.Id);
        }
    }

    public Task<IReadOnlyList<GovernanceAdaptation>> ListAdaptationsAsync(string cluster, int max, CancellationToken ct = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<GovernanceAdaptation>>([.. _adaptations.Where(a => a.Cluster == cluster).OrderByDescending(a => a.Id).Take(max)]);
        }
    }

    public Task<GovernanceAdaptation?> GetAdaptationAsync(string cluster, long id, CancellationToken ct = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_adaptations.Find(a => a.Id == id && a.Cluster == cluster));
        }
    }

    public Task<int> AddModelFileAsync(ModelFile file, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(file.Onnx);
        lock (_gate)
        {
            var version = _modelFiles.Where(f => f.Model == file.Model).Select(f => f.Version).DefaultIfEmpty(0).Max() + 1;
            _modelFiles.Add(file with { Version = version, Onnx = [.. file.Onnx], CreatedAt = StoredTime.Normalize(file.CreatedAt) });
            return Task.FromResult(version);
        }
    }

    public Task<IReadOnlyList<ModelFile>> ListModelFilesAsync(string model, CancellationToken ct = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<ModelFile>>([.. _modelFiles.Where(f => f.Model == model).OrderByDescending(f => f.Version).Select(f => f with { Onnx = null })]);
        }
    }

    public Task<ModelFile?> GetModelFileAsync(string model, int version, CancellationToken ct = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_modelFiles.Find(f => f.Model == model && f.Version == version) is { } found ? found with { Onnx = [.. found.Onnx!] } : null);
        }
    }

    public Task<bool> TryBeginExecutionAsync(Guid actionId, DateTimeOffset at, CancellationToken ct = default)
    {
        lock (_gate)
        {
            if (!_actions.TryGetValue(actionId, out var action)
                || action.Status != ActionStatuses.Approved
                || !_executionStarted.Add(actionId))
            {
                return Task.FromResult(false);
            }

            _actions[actionId] = action with { Status = ActionStatuses.Executing, UpdatedAt = StoredTime.Normalize(at) };
            return Task.FromResult(true);
        }
    }

    public Task RecordIncidentAsync(string cluster, HealingIncident incident, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var stored = incident with { DetectedAt = StoredTime.Normalize(incident.DetectedAt) };
        lock (_gate)
        {
            _incidents[incident.IncidentId] = (cluster, stored);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<HealingIncident>> ListIncidentsAsync(string? cluster, int max, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        lock (_gate)
        {
            IReadOnlyList<HealingIncident> incidents = _incidents.Values
                .Where(i => cluster is null || i.Cluster == cluster)
                .Select(i => i.Incident)
                .Order(IncidentOrder.NewestFirst)
                .Take(max)
                .ToList();
            return Task.FromResult(incidents);
        }
    }

    public Task UpsertThreatAsync(ThreatAlert alert, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ThreatValidation.Validate(alert);
        lock (_gate)
        {
            _threats[alert.AlertId] = alert with { DetectedAt = StoredTime.Normalize(alert.DetectedAt) };
        }

        return Task.CompletedTask;
    }

    public Task<ThreatAlert?> GetThreatAsync(Guid alertId, CancellationToken ct = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_threats.GetValueOrDefault(alertId));
        }
    }

    public Task<IReadOnlyList<ThreatAlert>> ListThreatsAsync(ThreatQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.Max);
        lock (_gate)
        {
            IReadOnlyList<ThreatAlert> alerts = _threats.Values
                .Where(a => (query.Cluster is null || a.Cluster == query.Cluster)
                    && (query.Statuses is null || query.Statuses.Contains(a.Status))
                    && (query.Entity is null || a.Entity == query.Entity)
                    && (query.Since is null || a.DetectedAt >= query.Since))
                .OrderByDescending(a => a.DetectedAt)
                .ThenByDescending(a => a.AlertId.ToString("D"), StringComparer.Ordinal)
                .Take(query.Max)
                .ToList();
            return Task.FromResult(alerts);
        }
    }

    public Task RecordScalingEventAsync(ScalingEvent scalingEvent, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scalingEvent);
        ArgumentOutOfRangeException.ThrowIfNegative(scalingEvent.FromReplicas);
        ArgumentOutOfRangeException.ThrowIfNegative(scalingEvent.ToReplicas);
        lock (_gate)
        {
            _scalingEvents.Add(scalingEvent with { At = StoredTime.Normalize(scalingEvent.At) });
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ScalingEvent>> ListScalingEventsAsync(string cluster, string? entity, DateTimeOffset? since, int max, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(cluster);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        lock (_gate)
        {
            // Insertion order stands in for the identity column the PostgreSQL store breaks ties with.
            IReadOnlyList<ScalingEvent> events = _scalingEvents
                .Select((e, index) => (Event: e, Index: index))
                .Where(x => x.Event.Cluster == cluster && (entity is null || x.Event.Entity == entity) && (since is null || x.Event.At >= since))
                .OrderByDescending(x => x.Event.At)
                .ThenByDescending(x => x.Index)
                .Take(max)
                .Select(x => x.Event)
                .ToList();
            return Task.FromResult(events);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "No PostgreSQL connection configured: Juno's audit log, actions and incidents are kept in memory only and are lost on restart.")]
    private static partial void LogNotDurable(ILogger logger);
}
