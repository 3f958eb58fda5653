using Juno.Contracts.Governance;
using Juno.Contracts.Status;
using Juno.Contracts.Threats;
using Npgsql;

namespace Juno.Storage;

/// <summary>
/// Lets the PostgreSQL store ride out a server restart. After a restart every idle pooled connection is dead,
/// and the first command on each fails with "terminating connection due to administrator command" (or another
/// 57P0x code). Those codes mean the server ended the session rather than ran the statement, so the call is
/// repeated once on a fresh connection after the pool is emptied. Other failures, including a connection
/// dropping mid-call (where a commit may or may not have happened), reach the caller unchanged.
/// </summary>
internal sealed class ReconnectingRecordStore(PostgresRecordStore inner, NpgsqlDataSource dataSource)
    : IJunoRecordStore, IAsyncDisposable, IDisposable
{
    public bool IsDurable => inner.IsDurable;

    public Task<AuditRecord> AppendAuditAsync(AuditEntry entry, CancellationToken ct = default) =>
        RunAsync(() => inner.AppendAuditAsync(entry, ct));

    public Task<IReadOnlyList<AuditRecord>> ReadAuditAsync(string cluster, Guid? actionId = null, int max = 1000, CancellationToken ct = default) =>
        RunAsync(() => inner.ReadAuditAsync(cluster, actionId, max, ct));

    public Task<AuditVerification> VerifyAuditChainAsync(string cluster, CancellationToken ct = default) =>
        RunAsync(() => inner.VerifyAuditChainAsync(cluster, ct));

    public Task UpsertActionAsync(ActionRecord record, CancellationToken ct = default) =>
        RunAsync(() => inner.UpsertActionAsync(record, ct));

    public Task<ActionRecord?> GetActionAsync(Guid actionId, CancellationToken ct = default) =>
        RunAsync(() => inner.GetActionAsync(actionId, ct));

    public Task<IReadOnlyList<ActionRecord>> ListActionsByStatusAsync(string cluster, string status, int max, CancellationToken ct = default) =>
        RunAsync(() => inner.ListActionsByStatusAsync(cluster, status, max, ct));

    public Task<long> RecordAdaptationAsync(GovernanceAdaptation adaptation, CancellationToken ct = default) =>
        RunAsync(() => inner.RecordAdaptationAsync(adaptation, ct));

    public Task<IReadOnlyList<GovernanceAdaptation>> ListAdaptationsAsync(string cluster, int max, CancellationToken ct = default) =>
        RunAsync(() => inner.ListAdaptationsAsync(cluster, max, ct));

    public Task<GovernanceAdaptation?> GetAdaptationAsync(string cluster, long id, CancellationToken ct = default) =>
        RunAsync(() => inner.GetAdaptationAsync(cluster, id, ct));

    public Task<int> AddModelFileAsync(ModelFile file, CancellationToken ct = default) => RunAsync(() => inner.AddModelFileAsync(file, ct));

    public Task<IReadOnlyList<ModelFile>> ListModelFilesAsync(string model, CancellationToken ct = default) => RunAsync(() => inner.ListModelFilesAsync(model, ct));

    public Task<ModelFile?> GetModelFileAsync(string model, int version, CancellationToken ct = default) => RunAsync(() => inner.GetModelFileAsync(model, version, ct));

    public Task<bool> TryBeginExecutionAsync(Guid actionId, DateTimeOffset at, CancellationToken ct = default) =>
        RunAsync(() => inner.TryBeginExecutionAsync(actionId, at, ct));

    public Task RecordIncidentAsync(string cluster, HealingIncident incident, CancellationToken ct = default) =>
        RunAsync(() => inner.RecordIncidentAsync(cluster, incident, ct));

    public Task<IReadOnlyList<HealingIncident>> ListIncidentsAsync(string? cluster, int max, CancellationToken ct = default) =>
        RunAsync(() => inner.ListIncidentsAsync(cluster, max, ct));

    public Task UpsertThreatAsync(ThreatAlert alert, CancellationToken ct = default) =>
        RunAsync(() => inner.UpsertThreatAsync(alert, ct));

    public Task<ThreatAlert?> GetThreatAsync(Guid alertId, CancellationToken ct = default) =>
        RunAsync(() => inner.GetThreatAsync(alertId, ct));

    public Task<IReadOnlyList<ThreatAlert>> ListThreatsAsync(ThreatQuery query, CancellationToken ct = default) =>
        RunAsync(() => inner.ListThreatsAsync(query, ct));

    public Task RecordScalingEventAsync(ScalingEvent scalingEvent, CancellationToken ct = default) =>
        RunAsync(() => inner.RecordScalingEventAsync(scalingEvent, ct));

    public Task<IReadOnlyList<ScalingEvent>> ListScalingEventsAsync(string cluster, string? entity, DateTimeOffset? since, int max, CancellationToken ct = default) =>
        RunAsync(() => inner.ListScalingEventsAsync(cluster, entity, since, max, ct));

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    public void Dispose() => dataSource.Dispose();

    private async Task<T> RunAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (PostgresException ex) when (SessionEndedByServer(ex))
        {
            dataSource.Clear();
            return await call();
        }
    }

    private Task RunAsync(Func<Task> call) => RunAsync(async () =>
    {
        await call();
        return true;
    });

    private static bool SessionEndedByServer(PostgresException ex) =>
        ex.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow;
}
