namespace Juno.Intelligence.Tests;

public sealed class StateVectorTests
{
    [Fact]
    public void EncodesEveryFeatureIntoItsDocumentedRange()
    {
        var inputs = new StateInputs(
            CpuUtilisation: 0.6,
            MemoryUtilisation: 0.7,
            LatencyRatio: 1.0,
            ErrorRate: 0.02,
            Replicas: 4,
            MaxReplicas: 10,
            Forecast15mRatio: 2,
            Forecast1hRatio: 0.5,
            AnomalyScore: 0.3,
            HourOfDay: 6);
        Span<float> state = stackalloc float[StateVector.Length];

        StateVector.Write(inputs, state);

        float[] expected = [0.6f, 0.7f, 0.5f, 1f, 0.25f, 0.5f, -0.5f, 0.3f, 1f, 0f];
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], state[i], 5);
        }
    }

    [Fact]
    public void ClipsExtremesAndNeutralisesNonFiniteInputs()
    {
        var wild = new StateInputs(9, -1, 100, 1, 0, 0, 1000, 0, 7, 18);
        var broken = new StateInputs(double.NaN, double.NaN, double.PositiveInfinity, double.NaN, -3, 5, double.NaN, -1, double.NaN, double.NaN);
        Span<float> state = stackalloc float[StateVector.Length];

        StateVector.Write(wild, state);
        Assert.Equal([1.5f, 0f, 2f, 2f, 1f, 1f, 0f, 1f], state[..8].ToArray());
        Assert.Equal(-1f, state[8], 5);
        Assert.Equal(0f, state[9], 5);

        StateVector.Write(broken, state);
        foreach (float feature in state)
        {
            Assert.True(float.IsFinite(feature));
        }

        Assert.Equal(0f, state[5]);
        Assert.Equal(0f, state[6]);
    }

    [Fact]
    public void MidnightIsContinuous()
    {
        Span<float> late = stackalloc float[StateVector.Length];
        Span<float> early = stackalloc float[StateVector.Length];
        StateVector.Write(new StateInputs(0, 0, 0, 0, 1, 1, 1, 1, 0, 23.99), late);
        StateVector.Write(new StateInputs(0, 0, 0, 0, 1, 1, 1, 1, 0, 0.01), early);
        Assert.Equal(late[9], early[9], 3);
        Assert.Equal(-late[8], early[8], 3);
    }

    [Fact]
    public void ShortDestinationIsRejected()
    {
        Assert.Throws<ArgumentException>(() => StateVector.Write(default, new float[StateVector.Length - 1]));
    }
}
