using Juno.Contracts.Actions;
using Juno.Contracts.Governance;
using Juno.Contracts.Status;
using Juno.Contracts.Telemetry;

namespace Juno.Client;

/// <summary>Typed access to a Juno cluster for other .NET applications.</summary>
public interface IJunoClient
{
    /// <summary>Sends samples for one entity in one grain call. Throws <see cref="ArgumentException"/> for a
    /// malformed key, a non-finite value or more than <see cref="SampleBatch.MaxSamples"/> samples.</summary>
    Task<IngestResult> IngestAsync(EntityKind kind, string entityKey, IReadOnlyCollection<MetricSample> samples, CancellationToken ct = default);

    Task<ForecastReport> GetForecastAsync(string workloadKey, CancellationToken ct = default);

    Task<EntityStatus> GetWorkloadStatusAsync(string workloadKey, CancellationToken ct = default);

    Task<PendingApproval[]> GetPendingApprovalsAsync(string? cluster = null, CancellationToken ct = default);

    /// <summary>Approves a held action; throws <see cref="UnknownActionException"/> when none is held with that id.</summary>
    Task<GovernanceDecision> ApproveAsync(Guid actionId, string actor, string? comment = null, string? cluster = null, CancellationToken ct = default);

    Task<GovernanceDecision> RejectAsync(Guid actionId, string actor, string? comment = null, string? cluster = null, CancellationToken ct = default);

    Task<HealingIncident[]> GetIncidentsAsync(string? cluster = null, int max = 100, CancellationToken ct = default);
}
