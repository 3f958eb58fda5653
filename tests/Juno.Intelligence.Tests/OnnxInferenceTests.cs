using Juno.Inference;
using Microsoft.Extensions.Logging;

namespace Juno.Intelligence.Tests;

public sealed class OnnxInferenceTests
{
    private static readonly Mlp QShaped = new(seed: 31, StateVector.Length, QNetworkFactory.HiddenOne, QNetworkFactory.HiddenTwo, AgentActions.Count);

    [Theory]
    [InlineData(1)]
    [InlineData(257)]
    public void OnnxRuntimeMatchesMlpForward(int batch)
    {
        using var session = new OnnxInferenceSession(OnnxModelWriter.WriteMlp(QShaped), InferenceDevice.Cpu);
        float[] inputs = RandomInputs(batch, seed: batch);
        var fromOnnx = new float[batch * AgentActions.Count];
        var expected = new float[AgentActions.Count];

        session.Run(inputs, batch, fromOnnx);

        for (int row = 0; row < batch; row++)
        {
            QShaped.Forward(inputs.AsSpan(row * StateVector.Length, StateVector.Length), expected);
            for (int action = 0; action < AgentActions.Count; action++)
            {
                Assert.Equal(expected[action], fromOnnx[(row * AgentActions.Count) + action], 1e-5f);
            }
        }
    }

    [Fact]
    public void WrittenModelDeclaresABatchedFloatInputAndOutput()
    {
        using var session = new OnnxInferenceSession(OnnxModelWriter.WriteMlp(QShaped, "x", "y"), InferenceDevice.Auto);

        Assert.Equal("x", session.InputName);
        Assert.Equal("y", session.OutputName);
        Assert.Equal(StateVector.Length, session.InputWidth);
        Assert.Equal(AgentActions.Count, session.OutputWidth);
        Assert.Equal(OnnxInferenceSession.CpuProvider, session.ExecutionProvider);
    }

    [Fact]
    public void RepeatedAndConcurrentRunsAgreeWithTheNetwork()
    {
        using var session = new OnnxInferenceSession(OnnxModelWriter.WriteMlp(QShaped), InferenceDevice.Cpu);
        Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            int batch = 1 + (i % 5);
            float[] inputs = RandomInputs(batch, seed: 1000 + i);
            var actual = new float[batch * AgentActions.Count];
            var expected = new float[batch * AgentActions.Count];
            session.Run(inputs, batch, actual);
            QShaped.ForwardBatch(inputs, batch, expected);
            for (int k = 0; k < expected.Length; k++)
            {
                Assert.Equal(expected[k], actual[k], 1e-5f);
            }
        });
    }

    [Fact]
    public void CorruptedModelIsRefusedWithAClearException()
    {
        byte[] model = OnnxModelWriter.WriteMlp(QShaped);
        byte[] truncated = model[..(model.Length / 2)];
        byte[] garbage = new byte[512];
        new Random(1).NextBytes(garbage);

        foreach (byte[] corrupted in new[] { truncated, garbage })
        {
            var error = Assert.Throws<InvalidModelException>(() => new OnnxInferenceSession(corrupted, InferenceDevice.Cpu));
            Assert.Contains("ONNX Runtime refused the model", error.Message);
            Assert.NotNull(error.InnerException);
        }
    }

    [Fact]
    public void CudaRequestThatCantBeMetFallsBackToCpuAndSaysWhy()
    {
        var logger = new CapturingLogger<OnnxInferenceSession>();
        using var session = new OnnxInferenceSession(OnnxModelWriter.WriteMlp(QShaped), InferenceDevice.Cuda, logger);

        // On a CPU build (or a GPU build without a usable GPU) the session must still work, with a warning saying why.
        if (session.ExecutionProvider == OnnxInferenceSession.CpuProvider)
        {
            Assert.Contains(logger.Entries, entry => entry.Level == LogLevel.Warning && entry.Message.Contains("CUDA", StringComparison.Ordinal));
        }
        else
        {
            Assert.Equal(OnnxInferenceSession.CudaProvider, session.ExecutionProvider);
        }

        session.Run(new float[StateVector.Length], 1, new float[AgentActions.Count]);
    }

    [Fact]
    public void RunAfterDisposeThrowsAndBadBuffersAreRejected()
    {
        var session = new OnnxInferenceSession(OnnxModelWriter.WriteMlp(QShaped), InferenceDevice.Cpu);
        Assert.Throws<ArgumentException>(() => session.Run(new float[StateVector.Length], 2, new float[12]));
        Assert.Throws<ArgumentException>(() => session.Run(new float[StateVector.Length], 1, new float[5]));
        Assert.Throws<ArgumentOutOfRangeException>(() => session.Run(new float[StateVector.Length], 0, new float[6]));

        session.Dispose();
        session.Dispose();

        Assert.Throws<ObjectDisposedException>(() => session.Run(new float[StateVector.Length], 1, new float[6]));
    }

    [Fact]
    public void WriterRejectsClashingNames()
    {
        Assert.Throws<ArgumentException>(() => OnnxModelWriter.WriteMlp(QShaped, "same", "same"));
        Assert.Throws<ArgumentException>(() => OnnxModelWriter.WriteMlp(QShaped, " ", "q"));
    }

    private static float[] RandomInputs(int batch, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, batch * StateVector.Length).Select(_ => (float)((rng.NextDouble() * 4) - 2)).ToArray();
    }
}
