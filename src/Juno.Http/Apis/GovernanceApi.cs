using System.Text.Json;
using Juno.Contracts.Governance;
using Juno.Contracts.Grains;
using Juno.Contracts.Keys;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Juno.Http.Apis;

/// <summary><c>/api/v4/governance</c>: held actions and a person's approve/reject.</summary>
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
            .ProducesProblem(StatusCodes.Status404NotFound);

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

        var actor = body?.Actor ?? request.Headers[ActorHeader].FirstOrDefault();
        if (string.IsNullOrWhiteSpace(actor))
        {
            return Problems.BadRequest("missing-actor", "Who decided?",
                $"Name the person deciding in the body (\"actor\") or the {ActorHeader} header; the audit log records it.");
        }

        try
        {
            var decision = await grains.GetGrain<IGovernanceGrain>(resolved).Decide(new ApprovalRequest(id, approve, actor, body?.Comment));
            return TypedResults.Ok(decision);
        }
        catch (UnknownActionException ex)
        {
            return Problems.NotFound("unknown-action", "Unknown action", ex.Message);
        }
    }

    private sealed record ApprovalBody(string? Actor, string? Comment);
}
