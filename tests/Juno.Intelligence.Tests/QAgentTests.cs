namespace Juno.Intelligence.Tests;

public sealed class QAgentTests
{
    private static readonly bool[] AllAllowed = [true, true, true, true, true, true];

    [Fact]
    public void ResidualOverridesTheNetworkWhenAnotherActionIsAlwaysBetter()
    {
        // The network prefers Hold; the toy environment pays 1 for ScaleOutOne and nothing otherwise.
        float[] networkQ = [0.2f, 0, 0, 0, 0, 0];
        var agent = new QAgent(new QAgentState());
        var rng = new Random(3);
        var environment = new Random(4);
        float[] probe = RandomState(new Random(5));
        var combined = new float[AgentActions.Count];
        float[] state = RandomState(environment);
        int switchedAfter = -1;
        int laterPicks = 0;
        for (int decision = 0; decision < 1500; decision++)
        {
            int action = agent.Choose(state, networkQ, AllAllowed, rng, combined);
            float[] next = RandomState(environment);
            agent.Learn(state, action, action == (int)AgentAction.ScaleOutOne ? 1 : 0, next, networkQ, AllAllowed);
            state = next;

            if (switchedAfter < 0 && Greedy(agent, probe, networkQ) == (int)AgentAction.ScaleOutOne)
            {
                switchedAfter = decision + 1;
            }

            laterPicks += decision >= 1000 && action == (int)AgentAction.ScaleOutOne ? 1 : 0;
        }

        Assert.InRange(switchedAfter, 1, 300);
        Assert.True(laterPicks > 450, $"ScaleOutOne chosen {laterPicks} of the last 500 decisions");
        Assert.Equal(1500, agent.State.Updates);
        Assert.InRange(agent.State.MeanReward, 0.8, 1.0);
    }

    [Fact]
    public void NeverChoosesAMaskedActionAndReportsItAsMinusInfinity()
    {
        var agent = new QAgent(new QAgentState(initialEpsilon: 1), new QAgentOptions { EpsilonFloor = 1 });
        var rng = new Random(1);
        var combined = new float[AgentActions.Count];
        float[] networkQ = [0, 5, 5, 5, 5, 5];
        var allowed = new bool[AgentActions.Count];
        for (int i = 0; i < 500; i++)
        {
            for (int a = 1; a < allowed.Length; a++)
            {
                allowed[a] = rng.Next(2) == 0;
            }

            allowed[0] = true;
            int chosen = agent.Choose(RandomState(rng), networkQ, allowed, rng, combined);
            Assert.True(allowed[chosen], $"chose masked action {chosen}");
            for (int a = 0; a < allowed.Length; a++)
            {
                Assert.Equal(!allowed[a], float.IsNegativeInfinity(combined[a]));
            }
        }
    }

    [Fact]
    public void GreedyChoiceIsTheArgmaxOfNetworkPlusResidualAmongAllowed()
    {
        var agent = new QAgent(new QAgentState(initialEpsilon: 0));
        var combined = new float[AgentActions.Count];
        float[] networkQ = [0, 1, 3, 2, -1, 0.5f];
        bool[] allowed = [true, true, false, true, true, true];

        int chosen = agent.Choose(new float[StateVector.Length], networkQ, allowed, new Random(0), combined);

        Assert.Equal((int)AgentAction.ScaleInOne, chosen);
        Assert.Equal([0, 1, float.NegativeInfinity, 2, -1, 0.5f], combined);
        Assert.Equal((int)AgentAction.Hold, agent.Choose(new float[StateVector.Length], networkQ, new bool[AgentActions.Count], new Random(0), combined));
    }

    [Fact]
    public void EpsilonDecaysPerDecisionDownToItsFloor()
    {
        var options = new QAgentOptions { InitialEpsilon = 0.5, EpsilonDecay = 0.9, EpsilonFloor = 0.05 };
        var agent = new QAgent(new QAgentState(options.InitialEpsilon), options);
        var combined = new float[AgentActions.Count];
        var rng = new Random(2);
        agent.Choose(new float[StateVector.Length], new float[AgentActions.Count], AllAllowed, rng, combined);
        Assert.Equal(0.45, agent.State.Epsilon, 10);
        for (int i = 0; i < 100; i++)
        {
            agent.Choose(new float[StateVector.Length], new float[AgentActions.Count], AllAllowed, rng, combined);
        }

        Assert.Equal(0.05, agent.State.Epsilon, 10);
        Assert.Equal(101, agent.State.Decisions);
    }

    [Fact]
    public void LearnWithoutAPendingDecisionChangesNothing()
    {
        var agent = new QAgent(new QAgentState());
        float[] state = RandomState(new Random(1));
        agent.Learn(state, 1, 5, state, new float[AgentActions.Count], AllAllowed);

        Assert.Equal(0, agent.State.Updates);
        Assert.All(agent.State.Weights.ToArray(), w => Assert.Equal(0, w));
        Assert.False(agent.State.HasPendingDecision);
    }

    [Fact]
    public void LearnRejectsBadArguments()
    {
        var agent = new QAgent(new QAgentState());
        float[] state = new float[StateVector.Length];
        var networkQ = new float[AgentActions.Count];
        Assert.Throws<ArgumentOutOfRangeException>(() => agent.Learn(state, 0, double.NaN, state, networkQ, AllAllowed));
        Assert.Throws<ArgumentOutOfRangeException>(() => agent.Learn(state, AgentActions.Count, 0, state, networkQ, AllAllowed));
        Assert.Throws<ArgumentException>(() => agent.Learn(new float[3], 0, 0, state, networkQ, AllAllowed));
    }

    [Fact]
    public void SnapshotRoundTripReproducesFutureDecisionsAndLearning()
    {
        var original = new QAgent(new QAgentState());
        var environment = new Random(8);
        var combined = new float[AgentActions.Count];
        float[] networkQ = [0.1f, 0.3f, -0.2f, 0, 0.05f, -1];
        var rng = new Random(9);
        float[] state = RandomState(environment);
        for (int i = 0; i < 200; i++)
        {
            int action = original.Choose(state, networkQ, AllAllowed, rng, combined);
            float[] next = RandomState(environment);
            original.Learn(state, action, -state[0] + (action * 0.1), next, networkQ, AllAllowed);
            state = next;
        }

        original.Choose(state, networkQ, AllAllowed, rng, combined);
        byte[] bytes = SnapshotRoundTrip.Bytes(original.State.WriteTo);
        var restored = new QAgent(SnapshotRoundTrip.Read(bytes, QAgentState.ReadFrom));
        Assert.True(restored.State.HasPendingDecision);

        var originalRng = new Random(10);
        var restoredRng = new Random(10);
        var restoredCombined = new float[AgentActions.Count];
        for (int i = 0; i < 100; i++)
        {
            float[] next = RandomState(environment);
            original.Learn(state, 2, -1, next, networkQ, AllAllowed);
            restored.Learn(state, 2, -1, next, networkQ, AllAllowed);
            state = next;
            Assert.Equal(
                original.Choose(state, networkQ, AllAllowed, originalRng, combined),
                restored.Choose(state, networkQ, AllAllowed, restoredRng, restoredCombined));
            Assert.Equal(combined, restoredCombined);
        }

        Assert.Equal(SnapshotRoundTrip.Bytes(original.State.WriteTo), SnapshotRoundTrip.Bytes(restored.State.WriteTo));
    }

    private static int Greedy(QAgent agent, float[] state, float[] networkQ)
    {
        int best = 0;
        for (int a = 1; a < AgentActions.Count; a++)
        {
            if (networkQ[a] + agent.Residual(state, a) > networkQ[best] + agent.Residual(state, best))
            {
                best = a;
            }
        }

        return best;
    }

    private static float[] RandomState(Random rng)
    {
        var inputs = new StateInputs(
            rng.NextDouble(), rng.NextDouble(), rng.NextDouble() * 2, rng.NextDouble() * 0.02, rng.Next(1, 10), 10,
            0.5 + rng.NextDouble(), 0.5 + rng.NextDouble(), rng.NextDouble(), rng.NextDouble() * 24);
        var state = new float[StateVector.Length];
        StateVector.Write(inputs, state);
        return state;
    }

    [Fact]
    public void ALateRewardMovesOnlyThatActionsValueInThatStateByTheNormalisedStep()
    {
        var options = new QAgentOptions();
        var agent = new QAgent(new QAgentState(), options);
        float[] state = [0.9f, 0.5f, 0.6f, 0, 0.25f, 0.2f, 0.3f, 0.8f, 0, 1];
        float[] other = [0.2f, 0.4f, 0.1f, 0, 0.5f, 0, 0, 0.1f, 1, 0];
        var before = Enumerable.Range(0, AgentActions.Count).Select(a => agent.Residual(state, a)).ToArray();

        agent.CreditLate(state, (int)AgentAction.ScaleOutOne, -RewardFunction.FailedVerificationPenalty);

        // With zero weights before, the residual after one step is step x (|s|^2 + 1), step = lr x r / (1 + |s|^2): lr x r.
        var expected = options.LearningRate * -Math.Min(RewardFunction.FailedVerificationPenalty, options.TdErrorClip);
        Assert.Equal(expected, agent.Residual(state, (int)AgentAction.ScaleOutOne), 5);
        Assert.All(Enumerable.Range(0, AgentActions.Count).Where(a => a != (int)AgentAction.ScaleOutOne), a => Assert.Equal(before[a], agent.Residual(state, a)));
        Assert.True(agent.Residual(other, (int)AgentAction.ScaleOutOne) < 0);
        Assert.Equal(1, agent.State.Updates);
        Assert.Throws<ArgumentOutOfRangeException>(() => agent.CreditLate(state, 0, double.NaN));
    }
}
