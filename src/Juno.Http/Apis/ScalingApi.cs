using System.Text.Json;
using Juno.Contracts.Governance;
using Juno.Contracts.Grains;
using Juno.Contracts.Keys;
using Juno.Contracts.Scaling;
using Juno.Contracts.Status;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Juno.Http.Apis;

/// <summary><c>/api/v4/scaling</c>: forecasts and capacity plans per workload, replica changes through governance, and
/// the replica changes made (scaling_events).</summary>
public static class ScalingApi
{
    public const int MaxLimit = 1_000;

    /// <summary>Plan and execute bodies are a handful of fields.</summary>
    public const int MaxBodyBytes = 16 * 1024;

    /// <summary>The body of <c>POST /plan</c>; everything but the workload, the pod capacity and the startup has a default.</summary>
    public sealed record PlanBody(
        string? Workload,
        double? PodCapacity,
        double? StartupSeconds,
        double? TargetUtilisation,
        int? MinReplicas,
        int? MaxReplicas,
        double? PodHourCost,
        double? Budget,
        int? Hours);

    /// <summary>The body of <c>POST /execute</c>.</summary>
    /// <summary>The body of <c>POST /execute</c>; <c>dryRun</c> judges it and has the cluster dry-run it, changing nothing.</summary>
    public sealed record ExecuteBody(string? Workload, int? Replicas, string? Actor, string? Reason, bool? DryRun);

    public static IEndpointRouteBuilder MapScalingApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v4/scaling").WithTags("scaling");
        group.MapGet("/forecast", GetForecastAsync)
            .WithSummary("Forecasts at 15 min, 1 h and 24 h with 80% and 95% intervals for every metric of a workload.")
            .Produces<ForecastReport>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/plan", PlanAsync)
            .WithSummary("Replicas per hour for the next hours from the workload's request-rate forecast, pod capacity, startup and an optional budget.")
            .Accepts<PlanBody>("application/json")
            .Produces<CapacityPlan>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        group.MapPost("/execute", ExecuteAsync)
            .WithSummary("Ask for a workload's replica count to change; governance approves, holds or refuses it, and an approved change runs.")
            .Accepts<ExecuteBody>("application/json")
            .Produces<GovernanceDecision>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        group.MapGet("/history", GetHistoryAsync)
            .WithSummary("Replica changes Juno made or tried in a cluster (or of one workload), newest first.")
            .Produces<ScalingRecord[]>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return routes;
    }

    private static async Task<IResult> GetForecastAsync(string? workload, IGrainFactory grains)
    {
        if (string.IsNullOrEmpty(workload))
        {
            return Problems.BadRequest("missing-parameter", "Missing parameter", "Give ?workload=tenant/cluster/namespace/name.");
        }

        if (!EntityKeys.TryParseWorkload(workload, out _, out var error))
        {
            return Problems.BadRequest("invalid-key", "Invalid workload key", error);
        }

        var report = await grains.GetGrain<IWorkloadGrain>(workload).GetForecast();
        return report.Metrics.Length == 0
            ? Problems.NotFound("unknown-entity", "Unknown workload", $"No samples have been received for workload '{workload}'.")
            : TypedResults.Ok(report);
    }

    private static async Task<IResult> PlanAsync(HttpRequest request, IGrainFactory grains, IOptions<JsonOptions> json)
    {
        var (body, bodyProblem) = await ReadAsync<PlanBody>(request, json);
        if (bodyProblem is not null)
        {
            return bodyProblem;
        }

        if (WorkloadProblem(body!.Workload) is { } keyProblem)
        {
            return keyProblem;
        }

        if (body.PodCapacity is null || body.StartupSeconds is null)
        {
            return Problems.BadRequest("invalid-plan", "Incomplete plan request", "podCapacity (requests/s one pod serves) and startupSeconds are required.");
        }

        if (!(body.StartupSeconds is >= 0 and <= 3600))
        {
            return Problems.BadRequest("invalid-plan", "Invalid plan request", "startup must be between 0 and 3600 seconds");
        }

        var plan = new CapacityPlanRequest(
            body.PodCapacity.Value,
            TimeSpan.FromSeconds(body.StartupSeconds.Value),
            body.TargetUtilisation ?? 0.75,
            body.MinReplicas ?? 1,
            body.MaxReplicas ?? 100,
            body.PodHourCost ?? 0,
            body.Budget,
            body.Hours ?? 24);
        if (plan.Problem() is { } invalid)
        {
            return Problems.BadRequest("invalid-plan", "Invalid plan request", invalid);
        }

        return await grains.GetGrain<IWorkloadGrain>(body.Workload!).PlanCapacity(plan) is { } result
            ? TypedResults.Ok(result)
            : Problems.NotFound("unknown-entity", "No demand to plan from", $"No request_rate samples have been received for workload '{body.Workload}'.");
    }

    private static async Task<IResult> ExecuteAsync(HttpRequest request, IGrainFactory grains, IOptions<JsonOptions> json)
    {
        var (body, bodyProblem) = await ReadAsync<ExecuteBody>(request, json);
        if (bodyProblem is not null)
        {
            return bodyProblem;
        }

        if (WorkloadProblem(body!.Workload) is { } keyProblem)
        {
            return keyProblem;
        }

        if (string.IsNullOrWhiteSpace(body.Actor))
        {
            return Problems.BadRequest("missing-actor", "Who is asking?", "The body must name the actor: {\"actor\": \"...\"}.");
        }

        if (body.Replicas is not { } replicas || replicas < 1 || replicas > CapacityPlanRequest.MaxReplicaBound)
        {
            return Problems.BadRequest("invalid-replicas", "Invalid replica count", $"replicas must be between 1 and {CapacityPlanRequest.MaxReplicaBound}.");
        }

        try
        {
            var decision = await grains.GetGrain<IWorkloadGrain>(body.Workload!).RequestScale(new ScaleRequest(replicas, body.Actor, body.Reason ?? "") { DryRun = body.DryRun ?? false });
            return TypedResults.Ok(decision);
        }
        catch (WorkloadNotFoundException ex)
        {
            return Problems.NotFound("unknown-workload", "Workload not in its cluster", ex.Message);
        }
        catch (ArgumentException ex)
        {
            return Problems.BadRequest("invalid-replicas", "Nothing to change", ex.Message);
        }
    }

    private static async Task<IResult> GetHistoryAsync(string? cluster, string? workload, DateTimeOffset? since, int? limit, IGrainFactory grains, IOperationsInfo info)
    {
        string? entity = null;
        if (workload is not null)
        {
            if (!EntityKeys.TryParseWorkload(workload, out var key, out var error))
            {
                return Problems.BadRequest("invalid-key", "Invalid workload key", error);
            }

            if (cluster is not null && cluster != key.Cluster)
            {
                return Problems.BadRequest("invalid-parameter", "Cluster and workload disagree", $"Workload '{workload}' is in cluster '{key.Cluster}', not '{cluster}'.");
            }

            cluster = key.Cluster;
            entity = $"{key.Namespace}/{key.Name}";
        }

        if (ClusterParameter.Resolve(cluster, info, out var resolved) is { } problem)
        {
            return problem;
        }

        if (limit is < 1 or > MaxLimit)
        {
            return Problems.BadRequest("invalid-parameter", "Invalid limit", $"limit must be between 1 and {MaxLimit}.");
        }

        return TypedResults.Ok(await grains.GetGrain<IGovernanceGrain>(resolved).GetScalingHistory(entity, since, limit ?? 100));
    }

    private static IResult? WorkloadProblem(string? workload) =>
        string.IsNullOrEmpty(workload)
            ? Problems.BadRequest("missing-parameter", "Which workload?", "The body must name the workload: {\"workload\": \"tenant/cluster/namespace/name\"}.")
            : !EntityKeys.TryParseWorkload(workload, out _, out var error)
                ? Problems.BadRequest("invalid-key", "Invalid workload key", error)
                : null;

    private static Task<(T? Body, IResult? Problem)> ReadAsync<T>(HttpRequest request, IOptions<JsonOptions> json)
        where T : class => JsonBody.ReadAsync<T>(request, json, MaxBodyBytes);
}
