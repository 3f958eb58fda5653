using Juno.Actuation;
using Juno.Contracts.Actions;
using Juno.Contracts.Grains;
using Juno.Grains.Options;

namespace Juno.Grains.Governance;

/// <summary>
/// Checks an executed scale or restart after the verification delay: the cluster shows the replicas asked for (and,
/// for a scale-out, that many ready), and the proposing workload's metrics recovered (its anomaly score is under the
/// line). Which failures are rolled back is governance's call (<see cref="ShouldRollBack"/>).
/// </summary>
internal sealed class ActionVerifier(IClusterActuator actuator, IGrainFactory grains, GovernanceOptions options)
{
    public static bool Verifies(ProposedAction action) =>
        action.TargetKind == EntityKind.Workload && action.RollsBack is null && action.Kind is ActionKind.ScaleOut or ActionKind.ScaleIn or ActionKind.Restart;

    /// <summary>Only a scale-in that landed and left the workload anomalous is undone: taking capacity away made it
    /// worse. A scale-out whose workload has not recovered keeps its capacity (removing it would not help), a scale that
    /// did not land has nothing to undo, and a restart cannot be undone.</summary>
    public static bool ShouldRollBack(ProposedAction action, bool landed, bool recovered) =>
        action.Kind == ActionKind.ScaleIn && landed && !recovered;

    /// <returns>Null when the cluster could not be read (checked again on the next sweep).</returns>
    public async Task<(bool Landed, bool Recovered, string Detail)?> CheckAsync(ProposedAction action)
    {
        WorkloadObservation? observed;
        try
        {
            observed = await actuator.ObserveWorkloadAsync(action.Namespace, action.Name);
        }
        catch (ActuationException)
        {
            return null;
        }

        if (observed is null)
        {
            return (false, false, "the workload is gone");
        }

        var landed = action.Kind == ActionKind.Restart
            || (observed.DesiredReplicas == action.TargetReplicas && (action.Kind != ActionKind.ScaleOut || observed.ReadyReplicas >= action.TargetReplicas));
        var replicas = $"{observed.ReadyReplicas} of {observed.DesiredReplicas} replicas ready (asked for {action.TargetReplicas})";
        if (string.IsNullOrEmpty(action.ProposerKey))
        {
            return (landed, true, $"{replicas}; no proposer to ask about recovery");
        }

        var anomaly = (await grains.GetGrain<IWorkloadGrain>(action.ProposerKey).GetStatus()).AnomalyScore;
        var recovered = anomaly < options.RecoveredBelow;
        return (landed, recovered, $"{replicas}; anomaly score {anomaly:F2} ({(recovered ? "recovered" : "not recovered")}, line {options.RecoveredBelow:F2})");
    }
}
