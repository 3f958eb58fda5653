using Juno.Contracts.Keys;
using Microsoft.AspNetCore.Http;

namespace Juno.Http;

/// <summary>The <c>?cluster=</c> query parameter of the per-cluster endpoints: the silo's default cluster when absent.</summary>
internal static class ClusterParameter
{
    /// <returns>A 400 problem when the name is not a valid key segment; null when <paramref name="resolved"/> is usable.</returns>
    public static IResult? Resolve(string? cluster, IOperationsInfo info, out string resolved)
    {
        resolved = cluster ?? info.DefaultCluster;
        return EntityKeys.IsValidSegment(resolved, out var error)
            ? null
            : Problems.BadRequest("invalid-key", "Invalid cluster", $"Cluster '{resolved}' {error}.");
    }
}
