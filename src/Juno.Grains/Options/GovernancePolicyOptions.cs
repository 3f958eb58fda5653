using Juno.Contracts.Actions;
using Juno.Contracts.Governance;

namespace Juno.Grains.Options;

/// <summary>
/// The governance policy a cluster starts from, and tenant overrides, from configuration (<c>Juno:Governance:Policy</c>).
/// Anything left out keeps <see cref="GovernancePolicy.Default"/>'s value (the cluster rate limit keeps
/// <c>Juno:Governance:RateLimitPerMinute</c>). A policy set over HTTP is stored and wins over this until rolled back.
/// </summary>
public sealed class GovernancePolicyOptions
{
    public Dictionary<ActionKind, double> AutoApproveAt { get; set; } = [];

    public List<ActionKind> AlwaysHuman { get; set; } = [];

    public List<FreezeWindowOptions> Freezes { get; set; } = [];

    public double? MaxReplicaChangeShare { get; set; }

    public double? MaxCordonedNodeShare { get; set; }

    public int? MaxNamespaceActionsPerHour { get; set; }

    public int? ClusterPerMinute { get; set; }

    public int? TenantPerMinute { get; set; }

    public int? NamespacePerMinute { get; set; }

    public bool? AdaptiveEnabled { get; set; }

    public double? AdaptiveMin { get; set; }

    public double? AdaptiveMax { get; set; }

    /// <summary>Tenant overrides, each a whole policy in the same shape (tenants do not nest).</summary>
    public Dictionary<string, GovernancePolicyOptions> Tenants { get; set; } = new(StringComparer.Ordinal);

    public GovernancePolicy ToPolicy(int clusterRateLimit)
    {
        var defaults = GovernancePolicy.Default;
        var cluster = ClusterPerMinute ?? clusterRateLimit;
        return defaults with
        {
            AutoApproveAt = new Dictionary<ActionKind, double>(AutoApproveAt),
            AlwaysHuman = [.. AlwaysHuman],
            Freezes = [.. Freezes.Select(f => new FreezeWindow(f.Start, f.End, f.Reason))],
            MaxReplicaChangeShare = MaxReplicaChangeShare ?? defaults.MaxReplicaChangeShare,
            MaxCordonedNodeShare = MaxCordonedNodeShare ?? defaults.MaxCordonedNodeShare,
            MaxNamespaceActionsPerHour = MaxNamespaceActionsPerHour ?? defaults.MaxNamespaceActionsPerHour,
            RateLimits = new RateLimits(cluster, TenantPerMinute ?? cluster, NamespacePerMinute ?? TenantPerMinute ?? cluster),
            Adaptive = defaults.Adaptive with
            {
                Enabled = AdaptiveEnabled ?? defaults.Adaptive.Enabled,
                Min = AdaptiveMin ?? defaults.Adaptive.Min,
                Max = AdaptiveMax ?? defaults.Adaptive.Max,
            },
        };
    }

    /// <summary>The first problem with the cluster policy or a tenant's, or null.</summary>
    public string? Problem(int clusterRateLimit)
    {
        if (ToPolicy(clusterRateLimit).Problem() is { } problem)
        {
            return $"Juno:Governance:Policy: {problem}.";
        }

        foreach (var (tenant, policy) in Tenants)
        {
            if (policy.Tenants.Count > 0)
            {
                return $"Juno:Governance:Policy:Tenants:{tenant}: tenant policies do not nest.";
            }

            if (policy.ToPolicy(clusterRateLimit).Problem() is { } tenantProblem)
            {
                return $"Juno:Governance:Policy:Tenants:{tenant}: {tenantProblem}.";
            }
        }

        return null;
    }
}

public sealed class FreezeWindowOptions
{
    public DateTimeOffset Start { get; set; }

    public DateTimeOffset End { get; set; }

    public string Reason { get; set; } = "";
}
