using Juno.Contracts.Grains;
using Juno.Contracts.Policies;
using Juno.Http.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Juno.Http.Apis;

/// <summary><c>/api/v4/rl</c>: the replica-policy versions the workloads run (builtin agent, trained DQNs), their
/// roles (incumbent, A/B candidate, shadow), training on posted demand series, evaluation in the trace simulator
/// beside the HPA rule, and live performance.</summary>
public static class RlApi
{
    /// <summary>Train and evaluate bodies carry demand series: a quarter-year of per-minute rows fits.</summary>
    public const int MaxBodyBytes = 16 * 1024 * 1024;

    /// <summary>Role changes are a handful of fields.</summary>
    public const int MaxRoleBodyBytes = 16 * 1024;

    public sealed record TrainBody(DemandSeries[]? Traces, double? TrainShare, int? Epochs, int? Seed, double? PeakRequestRate, string? Actor, string? Description);

    public sealed record EvaluateBody(string[]? Versions, DemandSeries[]? Traces, double? ScoreFrom, double? PeakRequestRate);

    public sealed record RoleBody(string? Role, double? TrafficShare, string? Actor, string? Reason);

    public static IEndpointRouteBuilder MapRlApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v4/rl").WithTags("rl");
        group.MapGet("/policies", (IGrainFactory grains) => Registry(grains).List())
            .WithSummary("Every replica-policy version with its role, traffic share, training and role changes.")
            .Produces<PolicyVersion[]>();
        group.MapGet("/policies/{version}", GetAsync)
            .WithSummary("One replica-policy version.")
            .Produces<PolicyVersion>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/policies/{version}/role", ChangeRoleAsync)
            .WithSummary("Promote a version to incumbent (the old one retires; rollback is promoting it back), make it an A/B candidate with a traffic share, shadow it, or retire it. Audited.")
            .Accepts<RoleBody>("application/json")
            .Produces<PolicyVersion>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .RequireJunoRole(JunoRoles.Admin);
        group.MapPost("/train", TrainAsync)
            .WithSummary("Train a new DQN version on demand series in the background; it appears as training, then retired (ready for a role) or failed.")
            .Accepts<TrainBody>("application/json")
            .Produces<PolicyVersion>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .RequireJunoRole(JunoRoles.Admin);
        group.MapGet("/performance", (IGrainFactory grains) => Registry(grains).GetPerformance())
            .WithSummary("Each version's live record: while acting (violation minutes, replicas, actions) and while shadowing (agreement, where it would have differed).")
            .Produces<PolicyPerformance[]>();
        group.MapPost("/evaluate", EvaluateAsync)
            .WithSummary("Score trained versions beside the HPA rule and forecast-driven provisioning on the later part of demand series, in the trace simulator.")
            .Accepts<EvaluateBody>("application/json")
            .Produces<PolicyEvaluation>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return routes;
    }

    private static IScalingPolicyGrain Registry(IGrainFactory grains) => grains.GetGrain<IScalingPolicyGrain>(IScalingPolicyGrain.RegistryKey);

    private static async Task<IResult> GetAsync(string version, IGrainFactory grains) =>
        (await Registry(grains).List()).FirstOrDefault(v => v.Version == version) is { } found
            ? TypedResults.Ok(found)
            : NotFound(version);

    private static async Task<IResult> ChangeRoleAsync(string version, HttpRequest request, IGrainFactory grains, IOptions<JsonOptions> json)
    {
        var (body, problem) = await JsonBody.ReadAsync<RoleBody>(request, json, MaxRoleBodyBytes);
        if (problem is not null)
        {
            return problem;
        }

        if (!Enum.TryParse<PolicyRole>(body!.Role, ignoreCase: true, out var role) || !Enum.IsDefined(role) || int.TryParse(body.Role, out _))
        {
            return Problems.BadRequest("invalid-role", "Invalid role", "role must be one of incumbent, candidate, shadow, retired.");
        }

        // With API keys the key names the actor; without, the request does.
        var change = new PolicyRoleRequest(role, body.TrafficShare, RoleFilter.CallerOf(request.HttpContext)?.Name ?? body.Actor ?? "", body.Reason ?? "");
        if (change.Problem() is { } invalid)
        {
            return Problems.BadRequest("invalid-role", "Invalid role change", invalid);
        }

        try
        {
            return TypedResults.Ok(await Registry(grains).ChangeRole(version, change));
        }
        catch (PolicyNotFoundException)
        {
            return NotFound(version);
        }
        catch (PolicyConflictException ex)
        {
            return Problems.Create(StatusCodes.Status409Conflict, "role-conflict", "The change does not fit the current roles", ex.Message);
        }
    }

    private static async Task<IResult> TrainAsync(HttpRequest request, IGrainFactory grains, IOptions<JsonOptions> json)
    {
        var (body, problem) = await JsonBody.ReadAsync<TrainBody>(request, json, MaxBodyBytes);
        if (problem is not null)
        {
            return problem;
        }

        var training = new PolicyTrainingRequest(
            body!.Traces ?? [], body.TrainShare ?? 0.6, body.Epochs ?? 1, body.Seed ?? 11, body.PeakRequestRate ?? 2000,
            RoleFilter.CallerOf(request.HttpContext)?.Name ?? body.Actor ?? "", body.Description ?? "");
        if (training.Problem() is { } invalid)
        {
            return Problems.BadRequest("invalid-training", "Invalid training request", invalid);
        }

        var version = await Registry(grains).Train(training);
        return TypedResults.Accepted($"/api/v4/rl/policies/{version.Version}", version);
    }

    private static async Task<IResult> EvaluateAsync(HttpRequest request, IGrainFactory grains, IOptions<JsonOptions> json)
    {
        var (body, problem) = await JsonBody.ReadAsync<EvaluateBody>(request, json, MaxBodyBytes);
        if (problem is not null)
        {
            return problem;
        }

        var evaluation = new PolicyEvaluationRequest(body!.Versions ?? [], body.Traces ?? [], body.ScoreFrom ?? 0.6, body.PeakRequestRate ?? 2000);
        if (evaluation.Problem() is { } invalid)
        {
            return Problems.BadRequest("invalid-evaluation", "Invalid evaluation request", invalid);
        }

        try
        {
            return TypedResults.Ok(await Registry(grains).Evaluate(evaluation));
        }
        catch (PolicyNotFoundException ex)
        {
            return NotFound(ex.Version);
        }
        catch (ArgumentException ex)
        {
            return Problems.BadRequest("invalid-evaluation", "Cannot evaluate", ex.Message);
        }
    }

    private static IResult NotFound(string version) =>
        Problems.NotFound("unknown-policy", "Unknown policy version", $"No scaling policy version '{version}'; GET /api/v4/rl/policies lists them.");
}
