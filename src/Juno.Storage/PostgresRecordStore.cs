using System.Runtime.CompilerServices;
using Juno.Contracts.Actions;
using Juno.Contracts.Governance;
using Juno.Contracts.Status;
using Juno.Contracts.Threats;
using Npgsql;
using NpgsqlTypes;

namespace Juno.Storage;

/// <summary>
/// The durable store: Juno's tables from migrations 0004 and 0005, through one <see cref="NpgsqlDataSource"/>.
/// Every value travels as a parameter; the SQL text is constant. The data source belongs to whoever created it
/// (see <see cref="ReconnectingRecordStore"/>).
/// </summary>
internal sealed class PostgresRecordStore(NpgsqlDataSource dataSource) : IJunoRecordStore
{
    /// <summary>First key of the two-key advisory lock that serialises appends to one cluster's chain (the second
    /// key is a hash of the cluster name). Two-key locks live apart from the migrator's single-key lock.</summary>
    private const int AuditLockClass = 0x4A554E4F; // "JUNO"

    public bool IsDurable => true;

    public async Task<AuditRecord> AppendAuditAsync(AuditEntry entry, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        JsonText.Validate(entry.PayloadJson, nameof(entry.PayloadJson));
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var (lastSequence, lastHash, payload) = await LockChainHeadAsync(connection, transaction, entry, ct);
        var record = AuditChain.Link(entry, payload, StoredTime.Normalize(entry.At), lastSequence, lastHash);
        await InsertAuditAsync(connection, transaction, record, ct);
        await transaction.CommitAsync(ct);
        return record;
    }

    public async Task<IReadOnlyList<AuditRecord>> ReadAuditAsync(string cluster, Guid? actionId = null, int max = 1000, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        await using var command = dataSource.CreateCommand(
            """
            SELECT sequence, cluster, action_id, event, actor, payload::text, recorded_at, prev_hash, hash
              FROM (SELECT * FROM audit_log
                     WHERE cluster = @cluster AND (@action_id::uuid IS NULL OR action_id = @action_id)
                     ORDER BY sequence DESC
                     LIMIT @max) AS newest
             ORDER BY sequence
            """);
        command.Parameters.AddWithValue("cluster", cluster);
        command.Parameters.Add(new NpgsqlParameter<Guid?>("action_id", NpgsqlDbType.Uuid) { TypedValue = actionId });
        command.Parameters.AddWithValue("max", max);
        var rows = new List<AuditRecord>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(ReadAuditRow(reader));
        }

        return rows;
    }

    public async Task<AuditVerification> VerifyAuditChainAsync(string cluster, CancellationToken ct = default)
    {
        // One repeatable-read snapshot, so an append landing mid-walk cannot look like a broken head.
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        (long, string)? head = null;
        await using (var command = new NpgsqlCommand(
            "SELECT last_sequence, last_hash FROM audit_chain_heads WHERE cluster = @cluster", connection, transaction))
        {
            command.Parameters.AddWithValue("cluster", cluster);
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct))
            {
                head = (reader.GetInt64(0), reader.GetString(1));
            }
        }

        var verification = await AuditChain.VerifyAsync(StreamChainAsync(connection, transaction, cluster, ct), head);
        await transaction.CommitAsync(ct);
        return verification;
    }

    public async Task UpsertActionAsync(ActionRecord record, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        JsonText.Validate(record.ParametersJson, nameof(record.ParametersJson));
        JsonText.ValidateOptional(record.OutcomeJson, nameof(record.OutcomeJson));
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO actions (action_id, cluster, tenant, entity, kind, parameters, status, verdict, risk, proposed_at, updated_at, outcome)
            VALUES (@action_id, @cluster, @tenant, @entity, @kind, @parameters, @status, @verdict, @risk, @proposed_at, @updated_at, @outcome)
            ON CONFLICT (action_id) DO UPDATE SET
                cluster = excluded.cluster, tenant = excluded.tenant, entity = excluded.entity, kind = excluded.kind,
                parameters = excluded.parameters, status = excluded.status, verdict = excluded.verdict, risk = excluded.risk,
                proposed_at = excluded.proposed_at, updated_at = excluded.updated_at, outcome = excluded.outcome
            """);
        command.Parameters.AddWithValue("action_id", record.ActionId);
        command.Parameters.AddWithValue("cluster", record.Cluster);
        command.Parameters.AddWithValue("tenant", record.Tenant);
        command.Parameters.AddWithValue("entity", record.Entity);
        command.Parameters.AddWithValue("kind", record.Kind);
        command.Parameters.AddWithValue("parameters", NpgsqlDbType.Jsonb, record.ParametersJson);
        command.Parameters.AddWithValue("status", record.Status);
        command.Parameters.AddWithValue("verdict", NpgsqlDbType.Text, (object?)record.Verdict ?? DBNull.Value);
        command.Parameters.AddWithValue("risk", record.Risk);
        command.Parameters.AddWithValue("proposed_at", StoredTime.Normalize(record.ProposedAt));
        command.Parameters.AddWithValue("updated_at", StoredTime.Normalize(record.UpdatedAt));
        command.Parameters.AddWithValue("outcome", NpgsqlDbType.Jsonb, (object?)record.OutcomeJson ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<ActionRecord?> GetActionAsync(Guid actionId, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand($"SELECT {ActionColumns} FROM actions WHERE action_id = @action_id");
        command.Parameters.AddWithValue("action_id", actionId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? ReadAction(reader) : null;
    }

    public async Task<IReadOnlyList<ActionRecord>> ListActionsByStatusAsync(string cluster, string status, int max, CancellationToken ct = default)
    {
        // actions_cluster_status_idx serves this.
        await using var command = dataSource.CreateCommand(
            $"SELECT {ActionColumns} FROM actions WHERE cluster = @cluster AND status = @status ORDER BY proposed_at, action_id LIMIT @max");
        command.Parameters.AddWithValue("cluster", cluster);
        command.Parameters.AddWithValue("status", status);
        command.Parameters.AddWithValue("max", max);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var actions = new List<ActionRecord>();
        while (await reader.ReadAsync(ct))
        {
            actions.Add(ReadAction(reader));
        }

        return actions;
    }

    public async Task<bool> TryBeginExecutionAsync(Guid actionId, DateTimeOffset at, CancellationToken ct = default)
    {
        // A single conditional UPDATE: concurrent callers queue on the row lock and re-check the condition,
        // so exactly one sees a row change. execution_started_at keeps it false for ever after.
        await using var command = dataSource.CreateCommand(
            """
            UPDATE actions
               SET status = @executing, updated_at = @at, execution_started_at = @at
             WHERE action_id = @action_id AND status = @approved AND execution_started_at IS NULL
            """);
        command.Parameters.AddWithValue("executing", ActionStatuses.Executing);
        command.Parameters.AddWithValue("approved", ActionStatuses.Approved);
        command.Parameters.AddWithValue("at", StoredTime.Normalize(at));
        command.Parameters.AddWithValue("action_id", actionId);
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    public async Task RecordIncidentAsync(string cluster, HealingIncident incident, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(incident);
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO healing_incidents (incident_id, cluster, entity, entity_kind, metric, score, severity, detected_at, action_id, summary)
            VALUES (@incident_id, @cluster, @entity, @entity_kind, @metric, @score, @severity, @detected_at, @action_id, @summary)
            ON CONFLICT (incident_id) DO UPDATE SET
                cluster = excluded.cluster, entity = excluded.entity, entity_kind = excluded.entity_kind, metric = excluded.metric,
                score = excluded.score, severity = excluded.severity, detected_at = excluded.detected_at,
                action_id = excluded.action_id, summary = excluded.summary
            """);
        command.Parameters.AddWithValue("incident_id", incident.IncidentId);
        command.Parameters.AddWithValue("cluster", cluster);
        command.Parameters.AddWithValue("entity", incident.Entity);
        command.Parameters.AddWithValue("entity_kind", incident.Kind.ToString());
        command.Parameters.AddWithValue("metric", incident.Metric);
        command.Parameters.AddWithValue("score", incident.Score);
        command.Parameters.AddWithValue("severity", incident.Severity);
        command.Parameters.AddWithValue("detected_at", StoredTime.Normalize(incident.DetectedAt));
        command.Parameters.Add(new NpgsqlParameter<Guid?>("action_id", NpgsqlDbType.Uuid) { TypedValue = incident.ActionId });
        command.Parameters.AddWithValue("summary", incident.Summary);
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<IReadOnlyList<HealingIncident>> ListIncidentsAsync(string? cluster, int max, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        await using var command = dataSource.CreateCommand(
            """
            SELECT incident_id, entity, entity_kind, metric, score, severity, detected_at, action_id, summary
              FROM healing_incidents
             WHERE @cluster::text IS NULL OR cluster = @cluster
             ORDER BY detected_at DESC, incident_id DESC
             LIMIT @max
            """);
        command.Parameters.Add(new NpgsqlParameter<string?>("cluster", NpgsqlDbType.Text) { TypedValue = cluster });
        command.Parameters.AddWithValue("max", max);
        var incidents = new List<HealingIncident>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            incidents.Add(new HealingIncident(
                reader.GetGuid(0), reader.GetString(1), Enum.Parse<EntityKind>(reader.GetString(2)), reader.GetString(3),
                reader.GetDouble(4), reader.GetString(5), reader.GetFieldValue<DateTimeOffset>(6),
                reader.IsDBNull(7) ? null : reader.GetGuid(7), reader.GetString(8)));
        }

        return incidents;
    }

    public async Task UpsertThreatAsync(ThreatAlert alert, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ThreatValidation.Validate(alert);
        await using var command = dataSource.CreateCommand(
            $"""
            INSERT INTO threat_events (alert_id, cluster, entity, entity_kind, category, severity, score, confidence, status,
                                       detail, detected_at, action_id, incident_id, updated_at)
            VALUES (@alert_id, @cluster, @entity, @entity_kind, @category, @severity, @score, @confidence, @status,
                    @detail::jsonb, @detected_at, @action_id, @incident_id, now())
            ON CONFLICT (alert_id) DO UPDATE SET
                category = excluded.category, severity = excluded.severity, score = excluded.score,
                confidence = excluded.confidence, status = excluded.status, detail = excluded.detail,
                action_id = excluded.action_id, incident_id = excluded.incident_id, updated_at = now()
            """);
        command.Parameters.AddWithValue("alert_id", alert.AlertId);
        command.Parameters.AddWithValue("cluster", alert.Cluster);
        command.Parameters.AddWithValue("entity", alert.Entity);
        command.Parameters.AddWithValue("entity_kind", alert.EntityKind.ToString());
        command.Parameters.AddWithValue("category", alert.Category.WireName());
        command.Parameters.AddWithValue("severity", alert.Level.WireName());
        command.Parameters.AddWithValue("score", alert.Score);
        command.Parameters.AddWithValue("confidence", alert.Confidence);
        command.Parameters.AddWithValue("status", alert.Status.WireName());
        command.Parameters.AddWithValue("detail", ThreatEventDetail.Write(alert));
        command.Parameters.AddWithValue("detected_at", StoredTime.Normalize(alert.DetectedAt));
        command.Parameters.Add(new NpgsqlParameter<Guid?>("action_id", NpgsqlDbType.Uuid) { TypedValue = alert.ActionId });
        command.Parameters.Add(new NpgsqlParameter<Guid?>("incident_id", NpgsqlDbType.Uuid) { TypedValue = alert.IncidentId });
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<ThreatAlert?> GetThreatAsync(Guid alertId, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand($"{ThreatColumns} WHERE alert_id = @alert_id");
        command.Parameters.AddWithValue("alert_id", alertId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? ReadThreat(reader) : null;
    }

    public async Task<IReadOnlyList<ThreatAlert>> ListThreatsAsync(ThreatQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.Max);
        await using var command = dataSource.CreateCommand(
            $"""
            {ThreatColumns}
             WHERE (@cluster::text IS NULL OR cluster = @cluster)
               AND (@statuses::text[] IS NULL OR status = ANY(@statuses))
               AND (@entity::text IS NULL OR entity = @entity)
               AND (@since::timestamptz IS NULL OR detected_at >= @since)
             ORDER BY detected_at DESC, alert_id DESC
             LIMIT @max
            """);
        command.Parameters.Add(new NpgsqlParameter<string?>("cluster", NpgsqlDbType.Text) { TypedValue = query.Cluster });
        command.Parameters.Add(new NpgsqlParameter<string[]?>("statuses", NpgsqlDbType.Array | NpgsqlDbType.Text)
        {
            TypedValue = query.Statuses?.Select(s => s.WireName()).ToArray(),
        });
        command.Parameters.Add(new NpgsqlParameter<string?>("entity", NpgsqlDbType.Text) { TypedValue = query.Entity });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset?>("since", NpgsqlDbType.TimestampTz)
        {
            TypedValue = query.Since is { } since ? StoredTime.Normalize(since) : null,
        });
        command.Parameters.AddWithValue("max", query.Max);
        var alerts = new List<ThreatAlert>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            alerts.Add(ReadThreat(reader));
        }

        return alerts;
    }

    private const string ThreatColumns =
        """
        SELECT alert_id, cluster, entity, entity_kind, category, severity, score, confidence, status, detail::text,
               detected_at, action_id, incident_id
          FROM threat_events
        """;

    private static ThreatAlert ReadThreat(NpgsqlDataReader reader)
    {
        var columns = new ThreatAlert(
            reader.GetGuid(0),
            reader.GetString(1),
            reader.GetString(2),
            Enum.Parse<EntityKind>(reader.GetString(3)),
            ThreatWireNames.TryParseCategory(reader.GetString(4), out var category) ? category : ThreatCategory.Unclassified,
            ThreatWireNames.TryParseLevel(reader.GetString(5), out var level) ? level : ThreatLevel.Low,
            reader.GetDouble(6),
            reader.GetDouble(7),
            [],
            default,
            reader.GetFieldValue<DateTimeOffset>(10),
            ThreatWireNames.TryParseStatus(reader.GetString(8), out var status) ? status : ThreatStatus.Open,
            [],
            reader.IsDBNull(11) ? null : reader.GetGuid(11),
            reader.IsDBNull(12) ? null : reader.GetGuid(12));
        return ThreatEventDetail.Read(reader.GetString(9)).ToAlert(columns);
    }

    public async Task<long> RecordAdaptationAsync(GovernanceAdaptation adaptation, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(adaptation);
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO governance_adaptations (cluster, tenant, parameter, old_value, new_value, reason, evidence, actor, adapted_at, rolls_back)
            VALUES (@cluster, @tenant, @parameter, @old_value, @new_value, @reason, @evidence, @actor, @adapted_at, @rolls_back)
            RETURNING adaptation_id
            """);
        command.Parameters.AddWithValue("cluster", adaptation.Cluster);
        command.Parameters.AddWithValue("tenant", (object?)adaptation.Tenant ?? DBNull.Value);
        command.Parameters.AddWithValue("parameter", adaptation.Parameter);
        command.Parameters.AddWithValue("old_value", (object?)adaptation.OldValue ?? DBNull.Value);
        command.Parameters.AddWithValue("new_value", (object?)adaptation.NewValue ?? DBNull.Value);
        command.Parameters.AddWithValue("reason", adaptation.Reason);
        command.Parameters.Add(new NpgsqlParameter("evidence", NpgsqlDbType.Jsonb) { Value = adaptation.EvidenceJson });
        command.Parameters.AddWithValue("actor", adaptation.Actor);
        command.Parameters.AddWithValue("adapted_at", StoredTime.Normalize(adaptation.At));
        command.Parameters.AddWithValue("rolls_back", (object?)adaptation.RollsBack ?? DBNull.Value);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    public async Task<IReadOnlyList<GovernanceAdaptation>> ListAdaptationsAsync(string cluster, int max, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {AdaptationColumns} FROM governance_adaptations WHERE cluster = @cluster ORDER BY adaptation_id DESC LIMIT @max");
        command.Parameters.AddWithValue("cluster", cluster);
        command.Parameters.AddWithValue("max", max);
        return await ReadAdaptationsAsync(command, ct);
    }

    public async Task<GovernanceAdaptation?> GetAdaptationAsync(string cluster, long id, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {AdaptationColumns} FROM governance_adaptations WHERE cluster = @cluster AND adaptation_id = @id");
        command.Parameters.AddWithValue("cluster", cluster);
        command.Parameters.AddWithValue("id", id);
        return (await ReadAdaptationsAsync(command, ct)).FirstOrDefault();
    }

    public async Task<int> AddModelFileAsync(ModelFile file, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(file.Onnx);
        // The next number under a lock on the model's name: two uploads at once get two versions, not a key clash.
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var lockModel = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext('model_files:' || @model))", connection, transaction))
        {
            lockModel.Parameters.AddWithValue("model", file.Model);
            await lockModel.ExecuteNonQueryAsync(ct);
        }

        await using var insert = new NpgsqlCommand(
            """
            INSERT INTO model_files (model, version, sha256, onnx, input_width, output_width, opset, metadata, created_by, created_at)
            SELECT @model, COALESCE(MAX(version), 0) + 1, @sha256, @onnx, @input_width, @output_width, @opset, @metadata, @created_by, @created_at
              FROM model_files WHERE model = @model
            RETURNING version
            """, connection, transaction);
        insert.Parameters.AddWithValue("model", file.Model);
        insert.Parameters.AddWithValue("sha256", file.Sha256);
        insert.Parameters.AddWithValue("onnx", file.Onnx);
        insert.Parameters.AddWithValue("input_width", file.InputWidth);
        insert.Parameters.AddWithValue("output_width", file.OutputWidth);
        insert.Parameters.AddWithValue("opset", file.Opset);
        insert.Parameters.Add(new NpgsqlParameter("metadata", NpgsqlDbType.Jsonb) { Value = file.MetadataJson });
        insert.Parameters.AddWithValue("created_by", file.CreatedBy);
        insert.Parameters.AddWithValue("created_at", StoredTime.Normalize(file.CreatedAt));
        var version = (int)(await insert.ExecuteScalarAsync(ct))!;
        await transaction.CommitAsync(ct);
        return version;
    }

    public async Task<IReadOnlyList<ModelFile>> ListModelFilesAsync(string model, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT model, version, sha256, NULL::bytea, input_width, output_width, opset, metadata::text, created_by, created_at FROM model_files WHERE model = @model ORDER BY version DESC");
        command.Parameters.AddWithValue("model", model);
        return await ReadModelFilesAsync(command, ct);
    }

    public async Task<ModelFile?> GetModelFileAsync(string model, int version, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT model, version, sha256, onnx, input_width, output_width, opset, metadata::text, created_by, created_at FROM model_files WHERE model = @model AND version = @version");
        command.Parameters.AddWithValue("model", model);
        command.Parameters.AddWithValue("version", version);
        return (await ReadModelFilesAsync(command, ct)).FirstOrDefault();
    }

    private static async Task<IReadOnlyList<ModelFile>> ReadModelFilesAsync(NpgsqlCommand command, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        var files = new List<ModelFile>();
        while (await reader.ReadAsync(ct))
        {
            files.Add(new ModelFile(
                reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetFieldValue<byte[]>(3),
                reader.GetInt32(4), reader.GetInt32(5), reader.GetInt64(6), reader.GetString(7), reader.GetString(8),
                reader.GetFieldValue<DateTimeOffset>(9)));
        }

        return files;
    }

    public async Task RecordScalingEventAsync(ScalingEvent scalingEvent, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scalingEvent);
        ArgumentOutOfRangeException.ThrowIfNegative(scalingEvent.FromReplicas);
        ArgumentOutOfRangeException.ThrowIfNegative(scalingEvent.ToReplicas);
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO scaling_events (action_id, cluster, entity, from_replicas, to_replicas, succeeded, detail, occurred_at)
            VALUES (@action_id, @cluster, @entity, @from_replicas, @to_replicas, @succeeded, @detail, @occurred_at)
            """);
        command.Parameters.AddWithValue("action_id", scalingEvent.ActionId);
        command.Parameters.AddWithValue("cluster", scalingEvent.Cluster);
        command.Parameters.AddWithValue("entity", scalingEvent.Entity);
        command.Parameters.AddWithValue("from_replicas", scalingEvent.FromReplicas);
        command.Parameters.AddWithValue("to_replicas", scalingEvent.ToReplicas);
        command.Parameters.AddWithValue("succeeded", scalingEvent.Succeeded);
        command.Parameters.AddWithValue("detail", scalingEvent.Detail);
        command.Parameters.AddWithValue("occurred_at", StoredTime.Normalize(scalingEvent.At));
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<IReadOnlyList<ScalingEvent>> ListScalingEventsAsync(string cluster, string? entity, DateTimeOffset? since, int max, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(cluster);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        await using var command = dataSource.CreateCommand(
            """
            SELECT action_id, cluster, entity, from_replicas, to_replicas, succeeded, detail, occurred_at
              FROM scaling_events
             WHERE cluster = @cluster
               AND (@entity::text IS NULL OR entity = @entity)
               AND (@since::timestamptz IS NULL OR occurred_at >= @since)
             ORDER BY occurred_at DESC, event_id DESC
             LIMIT @max
            """);
        command.Parameters.AddWithValue("cluster", cluster);
        command.Parameters.Add(new NpgsqlParameter<string?>("entity", NpgsqlDbType.Text) { TypedValue = entity });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset?>("since", NpgsqlDbType.TimestampTz)
        {
            TypedValue = since is { } from ? StoredTime.Normalize(from) : null,
        });
        command.Parameters.AddWithValue("max", max);
        var events = new List<ScalingEvent>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            events.Add(new ScalingEvent(
                reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetInt32(4),
                reader.GetBoolean(5), reader.GetString(6), reader.GetFieldValue<DateTimeOffset>(7)));
        }

        return events;
    }

    /// <summary>Takes the cluster's append lock for this transaction and reads the chain head. Also returns the
    /// payload as jsonb renders it: that rendering is what a verifier reads back, so it is what gets hashed.</summary>
    private static async Task<(long LastSequence, string LastHash, string Payload)> LockChainHeadAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, AuditEntry entry, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT pg_advisory_xact_lock(@lock_class, hashtext(@cluster));
            SELECT h.last_sequence, h.last_hash, @payload::jsonb::text
              FROM (SELECT 1) AS one
              LEFT JOIN audit_chain_heads h ON h.cluster = @cluster;
            """, connection, transaction);
        command.Parameters.AddWithValue("lock_class", AuditLockClass);
        command.Parameters.AddWithValue("cluster", entry.Cluster);
        command.Parameters.AddWithValue("payload", entry.PayloadJson);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.IsDBNull(0) ? 0L : reader.GetInt64(0),
                reader.IsDBNull(1) ? AuditChain.Genesis : reader.GetString(1),
                reader.GetString(2));
    }

    private static async Task InsertAuditAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, AuditRecord record, CancellationToken ct)
    {
        await using var insert = new NpgsqlCommand(
            """
            INSERT INTO audit_log (cluster, sequence, action_id, event, actor, payload, recorded_at, prev_hash, hash)
            VALUES (@cluster, @sequence, @action_id, @event, @actor, @payload::jsonb, @recorded_at, @prev_hash, @hash);
            INSERT INTO audit_chain_heads (cluster, last_sequence, last_hash)
            VALUES (@cluster, @sequence, @hash)
            ON CONFLICT (cluster) DO UPDATE SET last_sequence = excluded.last_sequence, last_hash = excluded.last_hash;
            """, connection, transaction);
        insert.Parameters.AddWithValue("cluster", record.Cluster);
        insert.Parameters.AddWithValue("sequence", record.Sequence);
        insert.Parameters.AddWithValue("action_id", record.ActionId);
        insert.Parameters.AddWithValue("event", record.Event);
        insert.Parameters.AddWithValue("actor", record.Actor);
        insert.Parameters.AddWithValue("payload", record.PayloadJson);
        insert.Parameters.AddWithValue("recorded_at", record.At);
        insert.Parameters.AddWithValue("prev_hash", record.PreviousHash);
        insert.Parameters.AddWithValue("hash", record.Hash);
        await insert.ExecuteNonQueryAsync(ct);
    }

    private static async IAsyncEnumerable<AuditRecord> StreamChainAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string cluster, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT sequence, cluster, action_id, event, actor, payload::text, recorded_at, prev_hash, hash
              FROM audit_log WHERE cluster = @cluster ORDER BY sequence
            """, connection, transaction);
        command.Parameters.AddWithValue("cluster", cluster);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            yield return ReadAuditRow(reader);
        }
    }

    private static AuditRecord ReadAuditRow(NpgsqlDataReader reader) => new(
        reader.GetInt64(0), reader.GetString(1), reader.GetGuid(2), reader.GetString(3), reader.GetString(4),
        reader.GetString(5), reader.GetFieldValue<DateTimeOffset>(6), reader.GetString(7), reader.GetString(8));

    private const string ActionColumns =
        "action_id, cluster, tenant, entity, kind, parameters::text, status, verdict, risk, proposed_at, updated_at, outcome::text";

    private static ActionRecord ReadAction(NpgsqlDataReader reader) => new(
        reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
        reader.GetString(5), reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7), reader.GetDouble(8),
        reader.GetFieldValue<DateTimeOffset>(9), reader.GetFieldValue<DateTimeOffset>(10),
        reader.IsDBNull(11) ? null : reader.GetString(11));

    private const string AdaptationColumns =
        "adaptation_id, cluster, tenant, parameter, old_value, new_value, reason, evidence::text, actor, adapted_at, rolls_back";

    private static async Task<IReadOnlyList<GovernanceAdaptation>> ReadAdaptationsAsync(NpgsqlCommand command, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        var adaptations = new List<GovernanceAdaptation>();
        while (await reader.ReadAsync(ct))
        {
            adaptations.Add(new GovernanceAdaptation(
                reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetDouble(4), reader.IsDBNull(5) ? null : reader.GetDouble(5),
                reader.GetString(6), reader.GetString(7), reader.GetString(8), reader.GetFieldValue<DateTimeOffset>(9),
                reader.IsDBNull(10) ? null : reader.GetInt64(10)));
        }

        return adaptations;
    }
}
