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

    /// <summary>SHA-256 (lowercase hex) of <see cref="Parameters"/>: what an approval must quote to approve exactly this action.</summary>
    public static string ParametersHash(ProposedAction action) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
            JsonSerializer.Serialize(new { action.ActionId, action.Kind, action.Namespace, action.Name, action.TargetKind, action.CurrentReplicas, action.TargetReplicas }, Json))));

    public static string PolicyChange(GovernancePolicy old, GovernancePolicy @new) => JsonSerializer.Serialize(new { old, @new }, Json);

    /// <summary>The policy a change replaced, from its evidence, or null when the evidence holds none.</summary>
    public static GovernancePolicy? ReadOldPolicy(string evidenceJson)
    {
        try
        {
            using var document = JsonDocument.Parse(evidenceJson);
            return document.RootElement.TryGetProperty("old", out var old) ? old.Deserialize<GovernancePolicy>(Json) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static string Verification(bool landed, bool recovered, string detail) =>
        JsonSerializer.Serialize(new { landed, recovered, detail }, Json);

    public static string Decision(GovernanceDecision decision) => JsonSerializer.Serialize(
        new { decision.Verdict, decision.Risk, decision.Reason, decision.DecidedBy }, Json);

    public static string PolicyRoleChange(string version, Contracts.Policies.PolicyRoleChange change) => JsonSerializer.Serialize(
        new { version, change.From, change.To, change.TrafficShare, change.Reason }, Json);

    public static string Outcome(ActionOutcome outcome) => JsonSerializer.Serialize(outcome, Json);
}
