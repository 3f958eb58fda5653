using Juno.Contracts.Actions;
using Juno.Contracts.Governance;
using Juno.Grains.Options;

namespace Juno.Grains.Governance;

/// <summary>The policies in force: the cluster's and each tenant's override (which replaces the cluster's whole for that
/// tenant). One set over HTTP is stored and wins; until then, the one configuration gives.</summary>
internal sealed class PolicyBook(GovernanceState state, GovernanceOptions options)
{
    // Built once: configuration does not change while the grain lives, and these are read on every proposal.
    private readonly GovernancePolicy _configured = options.Policy.ToPolicy(options.RateLimitPerMinute);
    private readonly Dictionary<string, GovernancePolicy> _configuredTenants =
        options.Policy.Tenants.ToDictionary(t => t.Key, t => t.Value.ToPolicy(options.RateLimitPerMinute), StringComparer.Ordinal);

    public GovernancePolicy Cluster => state.ClusterPolicy ?? _configured;

    public bool HasOverride(string? tenant) =>
        tenant is not null && (state.TenantPolicies.ContainsKey(tenant) || _configuredTenants.ContainsKey(tenant));

    public GovernancePolicy For(string? tenant) =>
        tenant is null ? Cluster
        : state.TenantPolicies.TryGetValue(tenant, out var stored) ? stored
        : _configuredTenants.TryGetValue(tenant, out var configured) ? configured
        : Cluster;

    /// <summary>Sets the cluster's policy (tenant null) or a tenant's; returns the one it replaced.</summary>
    public GovernancePolicy Set(string? tenant, GovernancePolicy policy)
    {
        var old = For(tenant);
        if (tenant is null)
        {
            state.ClusterPolicy = policy;
        }
        else
        {
            state.TenantPolicies[tenant] = policy;
        }

        return old;
    }

    /// <summary>The configured threshold of an action type for a tenant: the policy's, else the tenant's tolerance.</summary>
    public static double Configured(GovernancePolicy policy, ActionKind kind, double tenantTolerance) =>
        policy.AutoApproveAt.TryGetValue(kind, out var threshold) ? threshold : tenantTolerance;
}
