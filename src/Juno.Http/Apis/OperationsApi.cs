using Juno.Contracts.Actions;
using Juno.Contracts.Governance;
using Juno.Contracts.Grains;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Juno.Http.Apis;

/// <summary><c>/api/v4/operations</c>: one look at what this Juno is and what it is doing.</summary>
public static class OperationsApi
{
    public static IEndpointRouteBuilder MapOperationsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v4/operations").WithTags("operations");
        group.MapGet("/status", GetStatusAsync)
            .WithSummary("Providers in use, entities modelled, governance state and recent incidents.")
            .Produces<OperationsStatus>();
        return routes;
    }

    private static async Task<IResult> GetStatusAsync(IGrainFactory grains, IOperationsInfo info)
    {
        var cluster = info.DefaultCluster;
        var directory = grains.GetGrain<IEntityDirectoryGrain>(cluster);
        var workloads = directory.List(EntityKind.Workload);
        var nodes = directory.List(EntityKind.Node);
        var governance = grains.GetGrain<IGovernanceGrain>(cluster).GetSnapshot();
        var incidents = grains.GetGrain<IIncidentLogGrain>(cluster).Recent(10);
        await Task.WhenAll(workloads, nodes, governance, incidents);
        return TypedResults.Ok(new OperationsStatus(
            cluster,
            info.SiloAddress,
            new StorageStatus(info.StorageDurable, info.StorageDescription),
            info.ActuatorName,
            info.InferenceProviders,
            workloads.Result,
            nodes.Result,
            governance.Result,
            incidents.Result.Length));
    }
}

public sealed record StorageStatus(bool Durable, string Description);

public sealed record OperationsStatus(
    string Cluster,
    string Silo,
    StorageStatus Storage,
    string Actuator,
    IReadOnlyDictionary<string, string> InferenceProviders,
    string[] Workloads,
    string[] Nodes,
    GovernanceSnapshot Governance,
    int RecentIncidents);
