using Juno.Contracts.Actions;
using Juno.Contracts.Governance;

namespace Juno.Grains.Governance;

/// <summary>A risk in [0,1] and the inputs that made it up, each with what it added, so a person (or auditor) sees why.</summary>
public sealed record RiskAssessment(double Risk, RiskFactor[] Factors)
{
    public string Explanation => string.Join(" + ", Factors.Select(f => $"{f.Name} {f.Contribution:F2}")) + $" = {Risk:F2}";
}

/// <summary>Risk of an action from its type, blast radius, the agent's confidence and how this action type's recent
/// runs in the cluster went. Weights are deliberately simple and documented; what adapts is the threshold each type
/// is held against (<see cref="AdaptiveThresholds"/>), not the risk.</summary>
public static class RiskModel
{
    public static double BaseRisk(ActionKind kind) => kind switch
    {
        ActionKind.ScaleOut => 0.15,   // adds capacity; worst case is cost
        ActionKind.ScaleIn => 0.30,    // removes capacity; can breach the SLO
        ActionKind.Restart => 0.45,    // drops in-flight work on every pod
        ActionKind.Cordon => 0.60,     // moves work off a whole node
        ActionKind.Isolate => 0.50,    // cuts a workload off the network: contains a threat, takes the service down
        ActionKind.RaiseMonitoring => 0.05, // changes nothing in the cluster; costs only attention
        ActionKind.Uncordon => 0.15,   // gives a node back to the scheduler
        ActionKind.Drain => 0.70,      // moves every pod off a node, within their disruption budgets
        ActionKind.DeletePod => 0.25,  // one pod, replaced by its controller
        ActionKind.Rollback => 0.40,   // a rolling update to the previous template
        _ => 1.0,
    };

    public const double BlastRadiusWeight = 0.30;
    public const double UncertaintyWeight = 0.20;
    public const double FailureHistoryWeight = 0.20;

    public static RiskAssessment Assess(ProposedAction action, double recentSuccessRate)
    {
        ArgumentNullException.ThrowIfNull(action);
        var baseRisk = BaseRisk(action.Kind);
        var blastShare = Math.Clamp(action.BlastRadius, 0, 1);
        var confidence = Math.Clamp(action.Confidence, 0, 1);
        var success = Math.Clamp(recentSuccessRate, 0, 1);
        RiskFactor[] factors =
        [
            new("action type", baseRisk, baseRisk, $"{action.Kind}: what the action does at its best"),
            new("blast radius", blastShare, BlastRadiusWeight * blastShare, action.Kind is ActionKind.ScaleOut or ActionKind.ScaleIn
                ? $"changes {Math.Abs(action.TargetReplicas - action.CurrentReplicas)} of {action.CurrentReplicas} replicas"
                : "touches the whole target"),
            new("uncertainty", 1 - confidence, UncertaintyWeight * (1 - confidence), $"the proposer is {confidence:P0} sure of this action"),
            new("failure history", 1 - success, FailureHistoryWeight * (1 - success), $"{success:P0} of recent {action.Kind} actions in the cluster succeeded"),
        ];
        return new RiskAssessment(Math.Clamp(factors.Sum(f => f.Contribution), 0, 1), factors);
    }
}
