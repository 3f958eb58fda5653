using Juno.Contracts.Grains;
using Juno.Contracts.Keys;
using Juno.Contracts.Status;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Juno.Http.Apis;

/// <summary><c>/api/v4/healing</c>: incidents Juno opened and what it did about them.</summary>
public static class HealingApi
{
    public const int MaxLimit = 1_000;

    public static IEndpointRouteBuilder MapHealingApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v4/healing").WithTags("healing");
        group.MapGet("/incidents", ListIncidentsAsync)
            .WithSummary("Recent healing incidents in a cluster, newest first.")
            .Produces<HealingIncident[]>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return routes;
    }

    private static async Task<IResult> ListIncidentsAsync(string? cluster, int? limit, IGrainFactory grains, IOperationsInfo info)
    {
        cluster ??= info.DefaultCluster;
        if (!EntityKeys.IsValidSegment(cluster, out var error))
        {
            return Problems.BadRequest("invalid-key", "Invalid cluster", $"Cluster '{cluster}' {error}.");
        }

        if (limit is < 1 or > MaxLimit)
        {
            return Problems.BadRequest("invalid-parameter", "Invalid limit", $"limit must be between 1 and {MaxLimit}.");
        }

        return TypedResults.Ok(await grains.GetGrain<IIncidentLogGrain>(cluster).Recent(limit ?? 100));
    }
}
