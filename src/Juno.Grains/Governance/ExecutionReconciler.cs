using Juno.Actuation;
using Juno.Contracts.Actions;
using Juno.Contracts.Governance;
using Juno.Storage;
using Microsoft.Extensions.Logging;

namespace Juno.Grains.Governance;

/// <summary>
/// Finishes the record of actions whose execution was claimed ("executing") and never completed: the silo died
/// during the actuator call, or the store failed after it. Execution is at most once, so nothing is sent again: the
/// cluster is read, and the action is recorded as applied (it shows) or as not carried out (it does not, or its target
/// is gone). A cluster that cannot be read leaves the action executing for the next sweep.
/// </summary>
internal sealed class ExecutionReconciler(string cluster, IJunoRecordStore records, IClusterActuator actuator, TimeProvider time, ILogger logger)
{
    private const string System = "juno-reconciler";

    /// <summary>At most this many per pass; the next sweep takes the rest.</summary>
    private const int BatchSize = 100;

    /// <returns>The report, and every completed action with its outcome (for the proposer to hear).</returns>
    public async Task<(ReconciliationReport Report, List<(ProposedAction Action, ActionOutcome Outcome)> Completed)> RunAsync()
    {
        var stuck = await records.ListActionsByStatusAsync(cluster, ActionStatuses.Executing, BatchSize);
        var completed = new List<(ProposedAction, ActionOutcome)>();
        int applied = 0, notApplied = 0, gone = 0, unreadable = 0;
        foreach (var record in stuck)
        {
            var audit = await records.ReadAuditAsync(cluster, record.ActionId, 50);
            var proposal = audit.Where(a => a.Event == "proposed").Select(a => AuditPayloads.ReadProposal(a.PayloadJson)).FirstOrDefault();
            var decided = audit.LastOrDefault(a => a.Event is "decided" or "approved");
            if (proposal is null)
            {
                logger.LogError("{Cluster}: action {ActionId} is executing but its proposal cannot be read from the audit log; left as is", cluster, record.ActionId);
                unreadable++;
                continue;
            }

            AppliedState state;
            if (!proposal.Kind.TouchesCluster())
            {
                // Carried out by the proposing grain when it hears the outcome: nothing in the cluster to read.
                state = AppliedState.Applied;
            }
            else
            {
                try
                {
                    state = await actuator.FindAppliedAsync(new ActuationCommand(proposal.ActionId, proposal.Kind, proposal.Namespace, proposal.Name, proposal.TargetReplicas));
                }
                catch (ActuationException ex)
                {
                    logger.LogWarning("{Cluster}: cannot read whether {ActionId} was applied ({Failure}: {Message}); retried on the next sweep", cluster, record.ActionId, ex.Failure, ex.Message);
                    unreadable++;
                    continue;
                }
            }

            var now = time.GetUtcNow();
            var outcome = state switch
            {
                AppliedState.Applied => new ActionOutcome(record.ActionId, true, "reconciled after an interrupted execution: the cluster shows it applied", null, now),
                AppliedState.TargetGone => new ActionOutcome(record.ActionId, false, "reconciled after an interrupted execution: the target no longer exists; not retried", null, now),
                _ => new ActionOutcome(record.ActionId, false, "reconciled after an interrupted execution: the cluster does not show it; not retried (at most once per action id)", null, now),
            };
            await records.AppendAuditAsync(new AuditEntry(cluster, record.ActionId, "reconciled", System, AuditPayloads.Outcome(outcome), now));
            await records.UpsertActionAsync(record with
            {
                Status = outcome.Succeeded ? "succeeded" : "failed",
                UpdatedAt = now,
                OutcomeJson = AuditPayloads.Outcome(outcome),
            });
            if (proposal.Kind is ActionKind.ScaleOut or ActionKind.ScaleIn)
            {
                await records.RecordScalingEventAsync(new ScalingEvent(record.ActionId, cluster, $"{proposal.Namespace}/{proposal.Name}",
                    proposal.CurrentReplicas, proposal.TargetReplicas, outcome.Succeeded, outcome.Detail, now));
            }

            if (state == AppliedState.Applied)
            {
                applied++;
            }
            else if (state == AppliedState.TargetGone)
            {
                gone++;
            }
            else
            {
                notApplied++;
            }

            completed.Add((proposal, outcome));
            logger.LogWarning("{Cluster}: reconciled interrupted {Kind} {ActionId} on {Target} (decided by {DecidedBy}): {Detail}",
                cluster, proposal.Kind, record.ActionId, proposal.Name, decided?.Actor ?? "?", outcome.Detail);
        }

        return (new ReconciliationReport(stuck.Count, applied, notApplied, gone, unreadable), completed);
    }
}
