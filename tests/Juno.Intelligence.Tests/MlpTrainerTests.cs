namespace Juno.Intelligence.Tests;

public sealed class MlpTrainerTests
{
    [Fact]
    public void GradientsMatchFiniteDifferences()
    {
        var mlp = new Mlp(3, 4, 7, 5, 3);
        const int batch = 6;
        var rng = new Random(12);
        float[] inputs = Enumerable.Range(0, batch * 4).Select(_ => (float)((rng.NextDouble() * 2) - 1)).ToArray();
        float[] targets = Enumerable.Range(0, batch * 3).Select(_ => (float)((rng.NextDouble() * 2) - 1)).ToArray();
        var trainer = new MlpTrainer(mlp, batch);
        trainer.ComputeGradients(inputs, targets);

        for (int layer = 0; layer < mlp.LayerCount; layer++)
        {
            foreach (bool biases in new[] { false, true })
            {
                float[] analytic = trainer.Gradient(layer, biases).ToArray();
                for (int i = 0; i < analytic.Length; i++)
                {
                    Span<float> parameters = biases ? mlp.MutableBiases(layer) : mlp.MutableWeights(layer);
                    float original = parameters[i];
                    const float h = 1e-3f;
                    parameters[i] = original + h;
                    double up = Loss(mlp, inputs, targets, batch);
                    parameters[i] = original - h;
                    double down = Loss(mlp, inputs, targets, batch);
                    parameters[i] = original;
                    double numeric = (up - down) / (2 * h);
                    Assert.True(
                        Math.Abs(numeric - analytic[i]) < 2e-3 + (0.02 * Math.Abs(numeric)),
                        $"layer {layer} {(biases ? "bias" : "weight")} {i}: analytic {analytic[i]} vs numeric {numeric}");
                }
            }
        }
    }

    [Fact]
    public void AdamFitsASmallBatchAlmostExactly()
    {
        var mlp = new Mlp(5, 3, 16, 16, 2);
        const int batch = 8;
        var rng = new Random(8);
        float[] inputs = Enumerable.Range(0, batch * 3).Select(_ => (float)rng.NextDouble()).ToArray();
        float[] targets = Enumerable.Range(0, batch * 2).Select(_ => (float)((rng.NextDouble() * 4) - 2)).ToArray();
        var trainer = new MlpTrainer(mlp, batch);

        double first = trainer.TrainStep(inputs, targets, 1e-2f);
        double last = first;
        for (int step = 0; step < 2000; step++)
        {
            last = trainer.TrainStep(inputs, targets, 1e-2f);
        }

        Assert.True(last < first * 1e-3, $"loss went from {first} to {last}");
    }

    private static double Loss(Mlp mlp, float[] inputs, float[] targets, int batch)
    {
        var outputs = new float[targets.Length];
        mlp.ForwardBatch(inputs, batch, outputs);
        double sum = 0;
        for (int i = 0; i < outputs.Length; i++)
        {
            sum += (outputs[i] - targets[i]) * (outputs[i] - targets[i]);
        }

        return sum / outputs.Length;
    }
}
