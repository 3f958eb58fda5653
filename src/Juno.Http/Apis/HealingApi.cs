using System.Text.Json;
using Juno.Contracts.Grains;
using Juno.Contracts.Healing;
using Juno.Contracts.Keys;
using Juno.Contracts.Status;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Juno.Http.Apis;

/// <summary><c>/api/v4/healing</c>: incidents Juno opened and what it did about them, the cluster's healing status,
/// and an entity's diagnosis on demand.</summary>
public static class HealingApi
{
    public const int MaxLimit = 1_000;

    public const int MaxWindowHours = 24 * 7;

    /// <summary>The body of <c>POST /diagnose</c>.</summary>
    public sealed record DiagnoseBody(string? Kind, string? Entity);

    public static IEndpointRouteBuilder MapHealingApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v4/healing").WithTags("healing");
        group.MapGet("/incidents", ListIncidentsAsync)
            .WithSummary("Recent healing incidents in a cluster, newest first.")
            .Produces<HealingIncident[]>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/status", GetStatusAsync)
            .WithSummary("Incidents by severity over a window, the entities at risk of breaching their SLO, the latest incidents.")
            .Produces<HealingStatus>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapPost("/diagnose", DiagnoseAsync)
            .WithSummary("Diagnose one workload or node across its metrics: score, drivers, severity, type, SLO breach probability, remedy.")
            .Accepts<DiagnoseBody>("application/json")
            .Produces<EntityDiagnosisReport>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return routes;
    }

    private static async Task<IResult> GetStatusAsync(string? cluster, int? windowHours, IGrainFactory grains, IOperationsInfo info)
    {
        if (ClusterParameter.Resolve(cluster, info, out var resolved) is { } problem)
        {
            return problem;
        }

        if (windowHours is < 1 or > MaxWindowHours)
        {
            return Problems.BadRequest("invalid-parameter", "Invalid window", $"windowHours must be between 1 and {MaxWindowHours}.");
        }

        return TypedResults.Ok(await grains.GetGrain<IIncidentLogGrain>(resolved).GetHealingStatus(TimeSpan.FromHours(windowHours ?? 24)));
    }

    private static async Task<IResult> DiagnoseAsync(HttpRequest request, IGrainFactory grains, IOptions<JsonOptions> json)
    {
        DiagnoseBody? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<DiagnoseBody>(request.Body, json.Value.SerializerOptions);
        }
        catch (JsonException ex)
        {
            return Problems.BadRequest("malformed-json", "Malformed JSON", ex.Message);
        }

        switch (body?.Kind?.ToLowerInvariant())
        {
            case "workload" when EntityKeys.TryParseWorkload(body.Entity, out _, out var workloadError):
                return TypedResults.Ok(await grains.GetGrain<IWorkloadGrain>(body.Entity!).Diagnose());
            case "node" when EntityKeys.TryParseNode(body.Entity, out _, out var nodeError):
                return TypedResults.Ok(await grains.GetGrain<INodeGrain>(body.Entity!).Diagnose());
            case "workload":
                EntityKeys.TryParseWorkload(body.Entity, out _, out var invalidWorkload);
                return Problems.BadRequest("invalid-key", "Invalid workload", $"entity: {invalidWorkload}");
            case "node":
                EntityKeys.TryParseNode(body.Entity, out _, out var invalidNode);
                return Problems.BadRequest("invalid-key", "Invalid node", $"entity: {invalidNode}");
            default:
                return Problems.BadRequest("invalid-kind", "Which entity?",
                    $"The body must be {{\"kind\": \"workload\"|\"node\", \"entity\": \"...\"}}; kind '{body?.Kind}' is neither.");
        }
    }

    private static async Task<IResult> ListIncidentsAsync(string? cluster, int? limit, IGrainFactory grains, IOperationsInfo info)
    {
        if (ClusterParameter.Resolve(cluster, info, out var resolved) is { } problem)
        {
            return problem;
        }

        if (limit is < 1 or > MaxLimit)
        {
            return Problems.BadRequest("invalid-parameter", "Invalid limit", $"limit must be between 1 and {MaxLimit}.");
        }

        return TypedResults.Ok(await grains.GetGrain<IIncidentLogGrain>(resolved).Recent(limit ?? 100));
    }
}
