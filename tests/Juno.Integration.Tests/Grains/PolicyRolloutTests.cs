using Juno.Contracts.Keys;
using Juno.Contracts.Policies;
using Xunit;

namespace Juno.Integration.Tests.Grains;

/// <summary>The A/B split: stable per workload, close to the share asked for, and growing a share only adds workloads.</summary>
public sealed class PolicyRolloutTests
{
    private static readonly string[] Workloads = [.. Enumerable.Range(0, 4_000).Select(i => EntityKeys.Workload("t", "c", "ns", $"w-{i}"))];

    [Fact]
    public void CandidatesGetTheirShareOfWorkloadsAndKeepThemAsTheShareGrows()
    {
        var small = new PolicyRollout(1, "builtin", [new PolicyShare("dqn-1", 0.1), new PolicyShare("dqn-2", 0.2)], []);
        var larger = small with { Candidates = [new PolicyShare("dqn-1", 0.1), new PolicyShare("dqn-2", 0.4)] };

        var counts = Workloads.GroupBy(small.ActingFor).ToDictionary(g => g.Key, g => g.Count());
        // Binomial with n = 4,000: three standard deviations are about 2 points.
        Assert.InRange(counts["dqn-1"] / (double)Workloads.Length, 0.08, 0.12);
        Assert.InRange(counts["dqn-2"] / (double)Workloads.Length, 0.17, 0.23);
        Assert.InRange(counts["builtin"] / (double)Workloads.Length, 0.67, 0.73);
        Assert.All(Workloads, w => Assert.Equal(small.ActingFor(w), small.ActingFor(w)));
        Assert.All(Workloads.Where(w => small.ActingFor(w) != "builtin"), w => Assert.Equal(small.ActingFor(w), larger.ActingFor(w)));
        Assert.All(Workloads, w => Assert.Equal("builtin", PolicyRollout.Initial.ActingFor(w)));
    }
}
