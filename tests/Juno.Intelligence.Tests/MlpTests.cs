namespace Juno.Intelligence.Tests;

public sealed class MlpTests
{
    [Fact]
    public void ForwardComputesDenseReluLayersAndALinearOutput()
    {
        var mlp = new Mlp(1, 2, 2, 1);
        new float[] { 1, -1, 2, 1 }.CopyTo(mlp.MutableWeights(0));
        new float[] { 0.5f, -10 }.CopyTo(mlp.MutableBiases(0));
        new float[] { 3, 7 }.CopyTo(mlp.MutableWeights(1));
        new float[] { -1 }.CopyTo(mlp.MutableBiases(1));
        var output = new float[1];

        mlp.Forward([2, 1], output);

        // Hidden: relu(2 - 1 + 0.5) = 1.5, relu(4 + 1 - 10) = 0; output: 3 * 1.5 + 7 * 0 - 1 = 3.5.
        Assert.Equal(3.5f, output[0]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(100)]
    public void ForwardBatchMatchesRowByRowForward(int batch)
    {
        var mlp = new Mlp(7, 10, 64, 32, 6);
        var rng = new Random(batch);
        float[] inputs = Enumerable.Range(0, batch * 10).Select(_ => (float)((rng.NextDouble() * 4) - 2)).ToArray();
        var batched = new float[batch * 6];
        var single = new float[6];

        mlp.ForwardBatch(inputs, batch, batched);

        for (int row = 0; row < batch; row++)
        {
            mlp.Forward(inputs.AsSpan(row * 10, 10), single);
            Assert.Equal(single, batched.AsSpan(row * 6, 6).ToArray());
        }
    }

    [Fact]
    public void ForwardDoesNotAllocate()
    {
        var mlp = new Mlp(2, 10, 64, 32, 6);
        var input = new float[10];
        var output = new float[6];
        mlp.Forward(input, output);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            input[i % 10] = i;
            mlp.Forward(input, output);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void ReportsItsShapeAndIsDeterministicForASeed()
    {
        var mlp = new Mlp(5, 10, 64, 32, 6);
        Assert.Equal([10, 64, 32, 6], mlp.LayerSizes.ToArray());
        Assert.Equal(3, mlp.LayerCount);
        Assert.Equal(10, mlp.InputSize);
        Assert.Equal(6, mlp.OutputSize);
        Assert.Equal((10 * 64) + 64 + (64 * 32) + 32 + (32 * 6) + 6, mlp.ParameterCount);
        Assert.Equal(mlp.Weights(1).ToArray(), new Mlp(5, 10, 64, 32, 6).Weights(1).ToArray());
        Assert.NotEqual(mlp.Weights(1).ToArray(), new Mlp(6, 10, 64, 32, 6).Weights(1).ToArray());
    }

    [Fact]
    public void RejectsBadShapesAndBuffers()
    {
        Assert.Throws<ArgumentException>(() => new Mlp(1, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Mlp(1, 10, 0, 6));
        var mlp = new Mlp(1, 4, 3);
        Assert.Throws<ArgumentException>(() => mlp.Forward(new float[3], new float[3]));
        Assert.Throws<ArgumentException>(() => mlp.ForwardBatch(new float[8], 2, new float[5]));
        Assert.Throws<ArgumentOutOfRangeException>(() => mlp.ForwardBatch(new float[8], 0, new float[6]));
    }
}
