using System.Text.Json;
using Juno.Contracts.Governance;
using Juno.Contracts.Grains;
using Juno.Contracts.Keys;
using Juno.Http.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Juno.Http.Apis;

/// <summary><c>/api/v4/governance</c>: held actions and a person's approve/reject (bound to the action's parameters hash,
/// an approver key when keys are configured), the policy per cluster and tenant, its adaptations, and the audit check.</summary>
public static class GovernanceApi
{
    /// <summary>The header that names the person approving, when the body does not.</summary>
    public const string ActorHeader = "X-Juno-Actor";

    public static IEndpointRouteBuilder MapGovernanceApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v4/governance").WithTags("governance");
        group.MapGet("/pending", GetPendingAsync)
            .WithSummary("Actions held for a person, with their risk, reason and expiry.")
            .Produces<PendingApproval[]>();
        group.MapGet("/decisions", GetDecisionsAsync)
            .WithSummary("Recent governance decisions and outcomes, newest first.")
            .Produces<GovernanceDecision[]>();
        group.MapGet("/audit/verify", VerifyAuditAsync)
            .WithSummary("Recomputes the cluster's hash-chained audit log: valid, rows checked, and the first row that does not verify (edited, deleted, out of order).")
            .Produces<AuditChainReport>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/policy", GetPolicyAsync)
            .WithSummary("The governance policy in force for the cluster (or ?tenant=), with each action type's configured, adaptive and applied threshold.")
            .Produces<EffectivePolicy>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapPut("/policy", SetPolicyAsync)
            .WithSummary("Set the cluster's policy (or ?tenant='s, which then replaces the cluster's for it). Admin role; recorded in governance_adaptations and the audit log.")
            .Accepts<PolicyBody>("application/json")
            .Produces<EffectivePolicy>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .RequireJunoRole(JunoRoles.Admin);
        group.MapGet("/adaptations", GetAdaptationsAsync)
            .WithSummary("Threshold adaptations and policy changes (governance_adaptations), newest first.")
            .Produces<GovernanceAdaptation[]>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapPost("/adaptations/{id}/rollback", RollbackAsync)
            .WithSummary("Restore what an adaptation or policy change replaced; recorded as a new adaptation. Admin role.")
            .Produces<GovernanceAdaptation>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireJunoRole(JunoRoles.Admin);
        MapDecision(group, "approve", approve: true, "Approve a held action; it executes at once (rate limit and circuit breaker still apply).");
        MapDecision(group, "reject", approve: false, "Reject a held action.");
        return routes;
    }

    private static void MapDecision(RouteGroupBuilder group, string verb, bool approve, string summary) =>
        group.MapPost($"/{{actionId}}/{verb}", (string actionId, HttpRequest request, string? cluster, IGrainFactory grains, IOperationsInfo info, IOptions<JsonOptions> json) =>
                DecideAsync(actionId, approve, request, cluster, grains, info, json))
            .WithSummary(summary)
            .Produces<GovernanceDecision>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireJunoRole(JunoRoles.Approver);

    private static async Task<IResult> GetPendingAsync(string? cluster, IGrainFactory grains, IOperationsInfo info) =>
        ClusterParameter.Resolve(cluster, info, out var resolved) is { } problem
            ? problem
            : TypedResults.Ok(await grains.GetGrain<IGovernanceGrain>(resolved).GetPending());

    /// <summary>200 whatever the verdict: a broken chain is a finding about the log, not an error in the request.</summary>
    private static async Task<IResult> VerifyAuditAsync(string? cluster, IGrainFactory grains, IOperationsInfo info) =>
        ClusterParameter.Resolve(cluster, info, out var resolved) is { } problem
            ? problem
            : TypedResults.Ok(await grains.GetGrain<IGovernanceGrain>(resolved).VerifyAudit());

    private static async Task<IResult> GetDecisionsAsync(string? cluster, int? limit, IGrainFactory grains, IOperationsInfo info) =>
        ClusterParameter.Resolve(cluster, info, out var resolved) is { } problem
            ? problem
            : TypedResults.Ok(await grains.GetGrain<IGovernanceGrain>(resolved).GetRecentDecisions(limit ?? 50));

    private static async Task<IResult> DecideAsync(string actionId, bool approve, HttpRequest request, string? cluster, IGrainFactory grains, IOperationsInfo info, IOptions<JsonOptions> json)
    {
        if (!Guid.TryParse(actionId, out var id))
        {
            return Problems.BadRequest("invalid-action-id", "Invalid action id", $"'{actionId}' is not an action id (a GUID).");
        }

        if (ClusterParameter.Resolve(cluster, info, out var resolved) is { } problem)
        {
            return problem;
        }

        ApprovalBody? body = null;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            try
            {
                body = await JsonSerializer.DeserializeAsync<ApprovalBody>(request.Body, json.Value.SerializerOptions);
            }
            catch (JsonException ex)
            {
                return Problems.BadRequest("malformed-json", "Malformed JSON", ex.Message);
            }
        }

        // With API keys the key names the actor; without, the request does.
        var caller = RoleFilter.CallerOf(request.HttpContext);
        var actor = caller?.Name ?? body?.Actor ?? request.Headers[ActorHeader].FirstOrDefault();
        if (string.IsNullOrWhiteSpace(actor))
        {
            return Problems.BadRequest("missing-actor", "Who decided?",
                $"Name the person deciding in the body (\"actor\") or the {ActorHeader} header; the audit log records it.");
        }

        if (approve && string.IsNullOrWhiteSpace(body?.ParametersHash))
        {
            return Problems.BadRequest("missing-parameters-hash", "Approve what, exactly?",
                "Quote the held action's parametersHash (GET /api/v4/governance/pending) in the body: an approval is for exactly that action.");
        }

        var governance = grains.GetGrain<IGovernanceGrain>(resolved);
        if (caller is not null)
        {
            var held = (await governance.GetPending()).FirstOrDefault(p => p.Action.ActionId == id);
            if (held is not null && !caller.CanActFor(held.Action.Tenant))
            {
                return Problems.Create(StatusCodes.Status403Forbidden, "forbidden", "Not your tenant",
                    $"The key of '{caller.Name}' may not decide for tenant '{held.Action.Tenant}'.");
            }
        }

        try
        {
            var decision = await governance.Decide(new ApprovalRequest(id, approve, actor, body?.Comment) { ParametersHash = body?.ParametersHash });
            return TypedResults.Ok(decision);
        }
        catch (UnknownActionException ex)
        {
            return Problems.NotFound("unknown-action", "Unknown action", ex.Message);
        }
        catch (ApprovalMismatchException ex)
        {
            return Problems.Create(StatusCodes.Status409Conflict, "approval-mismatch", "The approval is for another action", ex.Message);
        }
    }

    private static async Task<IResult> GetPolicyAsync(string? cluster, string? tenant, IGrainFactory grains, IOperationsInfo info)
    {
        if (ClusterParameter.Resolve(cluster, info, out var resolved) is { } problem)
        {
            return problem;
        }

        return TenantProblem(tenant) ?? TypedResults.Ok(await grains.GetGrain<IGovernanceGrain>(resolved).GetPolicy(tenant));
    }

    private static async Task<IResult> SetPolicyAsync(string? cluster, string? tenant, HttpRequest request, IGrainFactory grains, IOperationsInfo info, IOptions<JsonOptions> json)
    {
        if (ClusterParameter.Resolve(cluster, info, out var resolved) is { } problem)
        {
            return problem;
        }

        if (TenantProblem(tenant) is { } tenantProblem)
        {
            return tenantProblem;
        }

        var caller = RoleFilter.CallerOf(request.HttpContext);
        if (caller is not null && !caller.CanActFor(tenant ?? Caller.AnyTenant))
        {
            return Problems.Create(StatusCodes.Status403Forbidden, "forbidden", "Not your scope",
                $"The key of '{caller.Name}' may not set the policy of {(tenant is null ? "the whole cluster" : $"tenant '{tenant}'")}.");
        }

        var (body, bodyProblem) = await JsonBody.ReadAsync<PolicyBody>(request, json, MaxPolicyBytes);
        if (bodyProblem is not null)
        {
            return bodyProblem;
        }

        var actor = caller?.Name ?? body!.Actor;
        if (string.IsNullOrWhiteSpace(actor))
        {
            return Problems.BadRequest("missing-actor", "Who is changing the policy?", "Name the actor in the body (\"actor\").");
        }

        if (body!.Policy is null || body.Policy.Problem() is not null)
        {
            return Problems.BadRequest("invalid-policy", "Invalid policy", body.Policy?.Problem() ?? "The body needs a \"policy\".");
        }

        return TypedResults.Ok(await grains.GetGrain<IGovernanceGrain>(resolved).SetPolicy(new PolicyChange(tenant, body.Policy, actor, body.Reason ?? "")));
    }

    private static async Task<IResult> GetAdaptationsAsync(string? cluster, int? limit, IGrainFactory grains, IOperationsInfo info)
    {
        if (ClusterParameter.Resolve(cluster, info, out var resolved) is { } problem)
        {
            return problem;
        }

        return limit is < 1 or > 1_000
            ? Problems.BadRequest("invalid-parameter", "Invalid limit", "limit must be between 1 and 1,000.")
            : TypedResults.Ok(await grains.GetGrain<IGovernanceGrain>(resolved).GetAdaptations(limit ?? 100));
    }

    private static async Task<IResult> RollbackAsync(string id, string? cluster, HttpRequest request, IGrainFactory grains, IOperationsInfo info, IOptions<JsonOptions> json)
    {
        if (!long.TryParse(id, out var adaptationId) || adaptationId < 1)
        {
            return Problems.BadRequest("invalid-adaptation-id", "Invalid adaptation id", $"'{id}' is not an adaptation id (a positive integer).");
        }

        if (ClusterParameter.Resolve(cluster, info, out var resolved) is { } problem)
        {
            return problem;
        }

        // The body is optional when the key names the actor.
        var (body, bodyProblem) = request.ContentLength is null or 0 && request.Headers.TransferEncoding.Count == 0
            ? (new ApprovalBody(null, null, null), null)
            : await JsonBody.ReadAsync<ApprovalBody>(request, json, MaxPolicyBytes);
        if (bodyProblem is not null)
        {
            return bodyProblem;
        }

        var actor = RoleFilter.CallerOf(request.HttpContext)?.Name ?? body!.Actor;
        if (string.IsNullOrWhiteSpace(actor))
        {
            return Problems.BadRequest("missing-actor", "Who is rolling back?", "Name the actor in the body (\"actor\").");
        }

        try
        {
            return TypedResults.Ok(await grains.GetGrain<IGovernanceGrain>(resolved).RollbackAdaptation(adaptationId, actor, body!.Comment ?? ""));
        }
        catch (UnknownAdaptationException ex)
        {
            return Problems.NotFound("unknown-adaptation", "Unknown adaptation", ex.Message);
        }
        catch (ArgumentException ex)
        {
            return Problems.BadRequest("invalid-adaptation-id", "Cannot roll back", ex.Message);
        }
    }

    private static IResult? TenantProblem(string? tenant) =>
        tenant is not null && !EntityKeys.IsValidSegment(tenant, out var error)
            ? Problems.BadRequest("invalid-key", "Invalid tenant", $"Tenant '{tenant}' {error}.")
            : null;

    /// <summary>A policy is a handful of fields and at most 50 freeze windows.</summary>
    private const int MaxPolicyBytes = 64 * 1024;

    private sealed record ApprovalBody(string? Actor, string? Comment, string? ParametersHash);

    public sealed record PolicyBody(GovernancePolicy? Policy, string? Actor, string? Reason);
}
