namespace Juno.Actuation;

/// <summary>The only way Juno changes a cluster. Implementations are idempotent per action id: the
/// target object remembers the last action applied to it, so a retried command (after a timeout or a
/// silo crash) is recognised and not applied twice.</summary>
public interface IClusterActuator
{
    /// <summary>"kubernetes" or "simulated"; recorded in the audit log next to every outcome.</summary>
    string Name { get; }

    /// <summary>Applies the command, or reports that it was applied already.</summary>
    /// <exception cref="ActuationException">The cluster refused or could not be reached.</exception>
    Task<ActuationResult> ExecuteAsync(ActuationCommand command, CancellationToken ct = default);

    /// <summary>Reads, without changing anything, whether <paramref name="command"/> shows in the cluster.</summary>
    /// <exception cref="ActuationException">The cluster could not be read.</exception>
    Task<AppliedState> FindAppliedAsync(ActuationCommand command, CancellationToken ct = default);

    /// <summary>The workload as the cluster sees it now, or null when it does not exist.</summary>
    /// <exception cref="ActuationException">The cluster could not be read.</exception>
    Task<WorkloadObservation?> ObserveWorkloadAsync(string @namespace, string name, CancellationToken ct = default);
}
