namespace Juno.Intelligence.Tests;

public sealed class DqnScalerTests
{
    private static readonly ScalingSimulationOptions Workload = ScalingSimulationOptions.Default;

    // Days of a smooth daily cycle between 300 and 1,500 req/s.
    private static DemandTrace Daily(int days) =>
        new("daily", Synthetic.Start, [.. Enumerable.Range(0, days * 1440).Select(m => 900 - (600 * Math.Cos(2 * Math.PI * (m % 1440) / 1440.0)))]);

    private static readonly DqnScalerOptions Quick = DqnScalerOptions.Default with
    {
        WarmupTransitions = 1_000,
        ExplorationDecay = 8_000,
        TargetSyncEvery = 500,
        ReplayCapacity = 20_000,
        TrainEvery = 1,
    };

    [Fact]
    public void TrainingOnADailyCycleLearnsToFollowIt()
    {
        const int TrainDays = 10;
        DemandTrace trace = Daily(TrainDays + 2);
        var scaler = new DqnScaler(Workload, Quick);
        scaler.Train([(trace, TrainDays * 1440)], epochs: 1);

        // Scored on the two days it never trained on, against standing still at the first minute's need.
        ScalingOutcome dqn = ScalingSimulator.Run(trace, scaler.Policy(), Workload, TrainDays * 1440, 10);
        ScalingOutcome standing = ScalingSimulator.Run(trace, new FixedPolicy(10), Workload, TrainDays * 1440, 10);
        ScalingOutcome peak = ScalingSimulator.Run(trace, FixedPolicy.ForPeak(1500, Workload, 0.8), Workload, TrainDays * 1440, 10);

        Assert.Equal((TrainDays * 1440) - 1, scaler.TransitionsSeen);
        Assert.True(dqn.ViolationMinutes < standing.ViolationMinutes / 4, $"DQN {dqn.ViolationMinutes} vs fixed 10 pods {standing.ViolationMinutes} violation minutes");
        Assert.True(dqn.Cost < peak.Cost, $"DQN {dqn.Cost:F2} vs provisioning for the peak {peak.Cost:F2}");
    }

    [Fact]
    public void TheShieldKeepsTheBoundsAndNeverScalesInWhileAnObjectiveIsBroken()
    {
        var scaler = new DqnScaler(Workload with { MinReplicas = 2, MaxReplicas = 3 }, Quick);
        IScalingPolicy policy = scaler.Policy();
        long t = Synthetic.Start;
        for (int i = 0; i < 200; i++, t += 60_000)
        {
            // Alternating overload (latency above the objective) and idle minutes at the bounds.
            bool overloaded = i % 2 == 0;
            int desired = overloaded ? 2 : 3;
            var observation = new ScalingObservation(t, overloaded ? 1_000 : 10, overloaded ? 2 : 0.05, overloaded ? 5_000 : 50, overloaded ? 0.5 : 0, desired, desired);
            int next = policy.Decide(observation);
            Assert.InRange(next, 2, 3);
            Assert.True(!overloaded || next >= desired, $"scaled in from {desired} to {next} while overloaded");
        }
    }

    [Fact]
    public void TrainingIsDeterministicForASeed()
    {
        DemandTrace trace = Daily(2);
        var first = new DqnScaler(Workload, Quick with { WarmupTransitions = 500 });
        var second = new DqnScaler(Workload, Quick with { WarmupTransitions = 500 });
        first.Train([(trace, 1440)], 1);
        second.Train([(trace, 1440)], 1);

        Assert.Equal(ScalingSimulator.Run(trace, first.Policy(), Workload, 1440, 10), ScalingSimulator.Run(trace, second.Policy(), Workload, 1440, 10));
    }
}
