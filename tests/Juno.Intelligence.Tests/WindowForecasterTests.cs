using Juno.Inference;

namespace Juno.Intelligence.Tests;

public sealed class WindowForecasterTests
{
    private static readonly TimeSpan HalfHour = TimeSpan.FromMinutes(30);

    // Three weeks of a daily cycle at half-hour steps, with a little noise.
    private static TrainingSeries Daily(int seed, double level)
    {
        var rng = new Random(seed);
        double[] values = [.. Enumerable.Range(0, 21 * 48).Select(i => level * (1 + (0.5 * Math.Sin(2 * Math.PI * i / 48))) * (1 + (0.02 * Synthetic.Gaussian(rng))))];
        return new TrainingSeries(values, Synthetic.Start, HalfHour);
    }

    [Fact]
    public void ItLearnsADailyShapeAtAnyLevelAndBeatsCarryingTheLastValueForward()
    {
        var options = new WindowForecasterOptions { TrainingSteps = 800 };
        WindowForecaster forecaster = WindowForecaster.Train([Daily(1, 100), Daily(2, 5_000)], options);

        // A series at a level never trained on: the window is centred, so the shape carries over.
        TrainingSeries unseen = Daily(3, 40);
        int origin = 20 * 48;
        var forecast = new double[options.HorizonSteps];
        forecaster.Predict(unseen.Values.AsSpan(origin - options.LookbackSteps, options.LookbackSteps), unseen.TimestampOf(origin), forecast);

        double error = 0, naive = 0;
        for (int h = 0; h < options.HorizonSteps && origin + h < unseen.Values.Length; h++)
        {
            error += Math.Abs(forecast[h] - unseen.Values[origin + h]);
            naive += Math.Abs(unseen.Values[origin - 1] - unseen.Values[origin + h]);
        }

        Assert.True(error < 0.25 * naive, $"window MLP error {error:F1} vs last value carried forward {naive:F1}");
    }

    [Fact]
    public void TheNetworkRunsUnderOnnxRuntimeWithTheSameOutputs()
    {
        var options = new WindowForecasterOptions { TrainingSteps = 50 };
        WindowForecaster forecaster = WindowForecaster.Train([Daily(4, 100)], options);
        using var session = new OnnxInferenceSession(OnnxModelWriter.WriteMlp(forecaster.Network, "window", "log_ratios"), InferenceDevice.Cpu);
        var rng = new Random(5);
        float[] input = [.. Enumerable.Range(0, forecaster.Network.InputSize).Select(_ => (float)(rng.NextDouble() - 0.5))];
        var expected = new float[forecaster.Network.OutputSize];
        var actual = new float[forecaster.Network.OutputSize];

        forecaster.Network.Forward(input, expected);
        session.Run(input, 1, actual);

        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 1e-4f);
        }
    }

    [Fact]
    public void TooLittleDataIsRefused()
    {
        var tooShort = new TrainingSeries(new double[60], Synthetic.Start, HalfHour);
        Assert.Throws<ArgumentException>(() => WindowForecaster.Train([tooShort], new WindowForecasterOptions()));
    }
}
