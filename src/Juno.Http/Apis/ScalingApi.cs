using Juno.Contracts.Grains;
using Juno.Contracts.Keys;
using Juno.Contracts.Status;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Juno.Http.Apis;

/// <summary><c>/api/v4/scaling</c>: forecasts per workload.</summary>
public static class ScalingApi
{
    public static IEndpointRouteBuilder MapScalingApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v4/scaling").WithTags("scaling");
        group.MapGet("/forecast", GetForecastAsync)
            .WithSummary("Forecasts at 15 min, 1 h and 24 h with 80% and 95% intervals for every metric of a workload.")
            .Produces<ForecastReport>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
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
}
