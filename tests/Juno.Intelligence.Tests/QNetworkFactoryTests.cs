using Xunit.Abstractions;

namespace Juno.Intelligence.Tests;

public sealed class QNetworkFactoryTests(PretrainedQNetwork pretrained, ITestOutputHelper output) : IClassFixture<PretrainedQNetwork>
{
    public static TheoryData<string, StateInputs, AgentAction[]> Scenarios => new()
    {
        { "hot and breaching latency", new StateInputs(0.92, 0.5, 1.6, 0.002, 5, 20, 1, 1, 0.1, 14), [AgentAction.ScaleOutOne, AgentAction.ScaleOutTwo] },
        { "idle with many replicas", new StateInputs(0.12, 0.4, 0.3, 0.001, 8, 10, 1, 1, 0.05, 3), [AgentAction.ScaleInOne, AgentAction.ScaleInTwo] },
        { "normal", new StateInputs(0.62, 0.5, 0.6, 0.002, 4, 20, 1, 1, 0.05, 11), [AgentAction.Hold] },
        { "saturated and failing requests", new StateInputs(1.0, 0.5, 3.0, 0.3, 4, 20, 1, 1, 1.0, 12), [AgentAction.ScaleOutOne, AgentAction.ScaleOutTwo] },
        { "memory leak with anomaly", new StateInputs(0.55, 0.96, 0.8, 0.04, 6, 20, 1, 1, 0.9, 9), [AgentAction.Restart] },
    };

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void PretrainedPolicyTakesTheSensibleAction(string scenario, StateInputs inputs, AgentAction[] sensible)
    {
        var state = new float[StateVector.Length];
        var q = new float[AgentActions.Count];
        StateVector.Write(inputs, state);

        pretrained.Network.Forward(state, q);

        var chosen = (AgentAction)Array.IndexOf(q, q.Max());
        Assert.True(sensible.Contains(chosen), $"{scenario}: chose {chosen}, Q = [{string.Join(", ", q.Select(v => v.ToString("F2")))}]");
    }

    [Fact]
    public void PretrainedPolicyMostlyAgreesWithTheOneStepLookahead()
    {
        var rng = new Random(99);
        var state = new float[StateVector.Length];
        var q = new float[AgentActions.Count];
        var target = new float[AgentActions.Count];
        const int samples = 2000;
        int agreements = 0;
        double regret = 0;
        for (int i = 0; i < samples; i++)
        {
            StateInputs inputs = QNetworkFactory.SampleOperating(rng);
            StateVector.Write(inputs, state);
            pretrained.Network.Forward(state, q);
            QNetworkFactory.QTargets(inputs, target);
            int chosen = Array.IndexOf(q, q.Max());
            int best = Array.IndexOf(target, target.Max());
            agreements += chosen == best ? 1 : 0;
            regret += target[best] - target[chosen];
        }

        output.WriteLine($"pretraining took {pretrained.TrainingTime.TotalMilliseconds:F0} ms; agreement {(double)agreements / samples:P1}, mean regret {regret / samples:F3}");
        Assert.True(agreements > samples / 2, $"agreed on {agreements} of {samples} operating states");
        Assert.True(regret / samples < RewardFunction.ChurnPerReplica, $"mean regret {regret / samples}");
    }

    [Fact]
    public void PretrainingIsDeterministicForASeed()
    {
        Mlp again = QNetworkFactory.CreatePretrained(PretrainedQNetwork.Seed);
        for (int layer = 0; layer < again.LayerCount; layer++)
        {
            Assert.Equal(pretrained.Network.Weights(layer).ToArray(), again.Weights(layer).ToArray());
            Assert.Equal(pretrained.Network.Biases(layer).ToArray(), again.Biases(layer).ToArray());
        }

        Assert.Equal([StateVector.Length, QNetworkFactory.HiddenOne, QNetworkFactory.HiddenTwo, AgentActions.Count], again.LayerSizes.ToArray());
    }
}
