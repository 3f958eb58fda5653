using Juno.Contracts.Actions;

namespace Juno.Integration.Tests.Infrastructure;

/// <summary>Proposals as a workload grain would make them, for tests that drive governance directly.</summary>
internal static class Proposals
{
    public static ProposedAction Scale(string tenant, string cluster, string ns, string name, int from, int to, DateTimeOffset at, double confidence = 0.9) =>
        Create(tenant, cluster, ns, name, to > from ? ActionKind.ScaleOut : ActionKind.ScaleIn, from, to, at, confidence);

    public static ProposedAction Restart(string tenant, string cluster, string ns, string name, int replicas, DateTimeOffset at) =>
        Create(tenant, cluster, ns, name, ActionKind.Restart, replicas, replicas, at, 0.9);

    private static ProposedAction Create(string tenant, string cluster, string ns, string name, ActionKind kind, int from, int to, DateTimeOffset at, double confidence) =>
        new(Guid.NewGuid(), tenant, cluster, EntityKind.Workload, ns, name, kind, from, to, confidence,
            new ActionEvidence(0.97, "cpu", 1.4, 240, 260, [0f, 1f, 0.5f, -1f, -2f, -3f], "test proposal"),
            at);
}
