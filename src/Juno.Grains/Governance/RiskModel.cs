using Juno.Contracts.Actions;
using Juno.Contracts.Grains;

namespace Juno.Grains.Governance;

/// <summary>A risk in [0,1] and the inputs that raised it, so a person (or auditor) sees why.</summary>
public sealed record RiskAssessment(double Risk, string Explanation);

/// <summary>Risk of an action from its type, blast radius, the agent's confidence and how recent
/// actions in this cluster went. Weights are deliberately simple and documented: later issues make
/// them adaptive per tenant and action type.</summary>
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
        _ => 1.0,
    };

    public const double BlastRadiusWeight = 0.30;
    public const double UncertaintyWeight = 0.20;
    public const double FailureHistoryWeight = 0.20;

    public static RiskAssessment Assess(ProposedAction action, TenantPolicy policy, double recentSuccessRate)
    {
        var baseRisk = BaseRisk(action.Kind);
        var blast = BlastRadiusWeight * Math.Clamp(action.BlastRadius, 0, 1);
        var uncertainty = UncertaintyWeight * (1 - Math.Clamp(action.Confidence, 0, 1));
        var history = FailureHistoryWeight * (1 - Math.Clamp(recentSuccessRate, 0, 1));
        var risk = Math.Clamp(baseRisk + blast + uncertainty + history, 0, 1);
        var explanation =
            $"{action.Kind} base {baseRisk:F2} + blast radius {action.BlastRadius:P0} -> {blast:F2} + confidence {action.Confidence:P0} -> {uncertainty:F2}"
            + $" + recent success {recentSuccessRate:P0} -> {history:F2} = {risk:F2} (tenant tolerance {policy.RiskTolerance:F2})";
        return new RiskAssessment(risk, explanation);
    }
}
