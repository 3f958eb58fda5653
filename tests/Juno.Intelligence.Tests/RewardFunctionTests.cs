namespace Juno.Intelligence.Tests;

public sealed class RewardFunctionTests
{
    private static readonly StateInputs Healthy = new(0.6, 0.5, 0.7, 0.001, 4, 10, 1, 1, 0, 12);

    [Fact]
    public void HealthyHoldCostsOnlyTheReplicas()
    {
        Assert.Equal(-4 * RewardFunction.ReplicaCost, RewardFunction.Compute(Healthy, AgentAction.Hold), 10);
    }

    [Fact]
    public void EachObjectiveAddsItsDocumentedPenalty()
    {
        double baseline = RewardFunction.StatePenalty(Healthy);

        Assert.Equal(2.0 * 0.5, RewardFunction.StatePenalty(Healthy with { LatencyRatio = 1.5 }) - baseline, 10);
        Assert.Equal(2.0 * 2, RewardFunction.StatePenalty(Healthy with { LatencyRatio = 10 }) - baseline, 10);
        Assert.Equal(2.0 * 1, RewardFunction.StatePenalty(Healthy with { ErrorRate = 0.02 }) - baseline, 10);
        Assert.Equal(1.5 * 0.6, RewardFunction.StatePenalty(Healthy with { CpuUtilisation = 0.9 }) - baseline, 10);
        Assert.Equal(1.5 * 0.5, RewardFunction.StatePenalty(Healthy with { MemoryUtilisation = 0.925 }) - baseline, 10);
        Assert.Equal(3.0 * 0.6, RewardFunction.StatePenalty(Healthy with { CpuUtilisation = 0.2 }) - baseline, 10);
        Assert.Equal(0.02 * 6, RewardFunction.StatePenalty(Healthy with { Replicas = 10 }) - baseline, 10);
    }

    [Fact]
    public void ChurnChargesPerReplicaMovedAndForRestarts()
    {
        Assert.Equal(0, RewardFunction.ChurnPenalty(AgentAction.Hold));
        Assert.Equal(0.08, RewardFunction.ChurnPenalty(AgentAction.ScaleOutOne), 10);
        Assert.Equal(0.16, RewardFunction.ChurnPenalty(AgentAction.ScaleInTwo), 10);
        Assert.Equal(0.3, RewardFunction.ChurnPenalty(AgentAction.Restart), 10);
        Assert.True(RewardFunction.Compute(Healthy, AgentAction.ScaleOutTwo) < RewardFunction.Compute(Healthy, AgentAction.Hold));
    }

    [Fact]
    public void SloBreachOutweighsTheCostOfTheReplicasThatFixIt()
    {
        double breaching = RewardFunction.Compute(Healthy with { LatencyRatio = 1.4, CpuUtilisation = 0.95 }, AgentAction.Hold);
        double fixedWithTwoMore = RewardFunction.Compute(Healthy with { Replicas = 6 }, AgentAction.ScaleOutTwo);
        Assert.True(fixedWithTwoMore > breaching);
    }

    [Fact]
    public void MissingObservationsAreNotPenalised()
    {
        var missing = Healthy with { LatencyRatio = double.NaN, ErrorRate = double.NaN, MemoryUtilisation = double.NaN };
        Assert.Equal(RewardFunction.Compute(Healthy, AgentAction.Hold), RewardFunction.Compute(missing, AgentAction.Hold), 10);
    }
}
