using System.Text.Json;
using System.Text.Json.Serialization;
using Juno.Contracts.Actions;
using Juno.Contracts.Governance;

namespace Juno.Grains.Governance;

/// <summary>The JSON written into audit rows and action records: enough to answer "why did Juno do
/// this?" from PostgreSQL alone.</summary>
internal static class AuditPayloads
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Proposal(ProposedAction action) => JsonSerializer.Serialize(action, Json);

    /// <summary>The proposal as <see cref="Proposal"/> wrote it, or null when the payload is not one.</summary>
    public static ProposedAction? ReadProposal(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<ProposedAction>(json, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static string Parameters(ProposedAction action) => JsonSerializer.Serialize(
        new { action.Namespace, action.Name, action.TargetKind, action.CurrentReplicas, action.TargetReplicas }, Json);

    public static string Decision(GovernanceDecision decision) => JsonSerializer.Serialize(
        new { decision.Verdict, decision.Risk, decision.Reason, decision.DecidedBy }, Json);

    public static string PolicyRoleChange(string version, Contracts.Policies.PolicyRoleChange change) => JsonSerializer.Serialize(
        new { version, change.From, change.To, change.TrafficShare, change.Reason }, Json);

    public static string Outcome(ActionOutcome outcome) => JsonSerializer.Serialize(outcome, Json);
}
