using Juno.Contracts.Actions;
using Juno.Contracts.Governance;

namespace Juno.Grains.Governance;

/// <summary>Executed actions in sliding windows at nested scopes: per minute in the cluster, the tenant and the
/// namespace, and per hour in the namespace (a blast-radius cap: one namespace is not rewritten wholesale).</summary>
internal sealed class ExecutionRateLimiter(GovernanceState state)
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    public int CountInWindow(DateTimeOffset now)
    {
        Forget(now);
        return state.Executions.Count(e => now - e.At < Minute);
    }

    /// <summary>Why <paramref name="action"/> may not run now, or null when every scope has room.</summary>
    public string? Refusal(ProposedAction action, GovernancePolicy policy, string cluster, DateTimeOffset now)
    {
        Forget(now);
        var limits = policy.RateLimits;
        var lastMinute = state.Executions.Where(e => now - e.At < Minute).ToList();
        if (lastMinute.Count >= limits.ClusterPerMinute)
        {
            return $"rate limit: {limits.ClusterPerMinute} actions per minute already executed in cluster {cluster}";
        }

        var tenant = lastMinute.Where(e => e.Tenant == action.Tenant).ToList();
        if (tenant.Count >= limits.TenantPerMinute)
        {
            return $"rate limit: {limits.TenantPerMinute} actions per minute already executed for tenant {action.Tenant}";
        }

        if (action.TargetKind == EntityKind.Workload && tenant.Count(e => e.Namespace == action.Namespace) >= limits.NamespacePerMinute)
        {
            return $"rate limit: {limits.NamespacePerMinute} actions per minute already executed in namespace {action.Namespace}";
        }

        return action.TargetKind == EntityKind.Workload
            && state.Executions.Count(e => e.Tenant == action.Tenant && e.Namespace == action.Namespace) >= policy.MaxNamespaceActionsPerHour
            ? $"blast radius: {policy.MaxNamespaceActionsPerHour} actions already executed in namespace {action.Namespace} this hour"
            : null;
    }

    public void Record(ProposedAction action, DateTimeOffset now) =>
        state.Executions.Add(new ExecutionMark(now, action.Tenant, action.TargetKind == EntityKind.Workload ? action.Namespace : "", action.Kind));

    private void Forget(DateTimeOffset now) => state.Executions.RemoveAll(e => now - e.At >= Hour);
}
