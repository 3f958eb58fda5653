using System.Diagnostics;
using Juno.Intelligence;

namespace Juno.Inference;

/// <summary>
/// A model as the batcher runs it: always an ONNX Runtime session, and for Juno's own networks also the managed MLP
/// (System.Numerics.Tensors) the ONNX file was written from. Which one runs a batch is decided by measurement when the
/// model is registered: the managed path takes batches up to <see cref="ManagedUpTo"/> rows, where it was faster per
/// row (it skips ONNX Runtime's fixed cost per call), the session everything larger.
/// </summary>
public sealed class ServedModel
{
    private const int CalibrationRuns = 200;
    private static readonly int[] CalibrationBatches = [1, 2, 4, 8, 16, 32, 64];

    internal ServedModel(OnnxInferenceSession session, Mlp? managed)
    {
        Session = session;
        Managed = managed is not null && managed.InputSize == session.InputWidth && managed.OutputSize == session.OutputWidth ? managed : null;
        ManagedUpTo = Managed is null ? 0 : Calibrate(session, Managed);
    }

    public OnnxInferenceSession Session { get; }

    public Mlp? Managed { get; }

    private long _runs;

    /// <summary>Batches run on this silo since the model was registered.</summary>
    public long Runs => Interlocked.Read(ref _runs);

    /// <summary>The largest batch the managed path runs (0: it never does).</summary>
    public int ManagedUpTo { get; }

    public int InputWidth => Session.InputWidth;

    public int OutputWidth => Session.OutputWidth;

    /// <summary>"managed up to N rows, then CPU" or the session's provider alone.</summary>
    public string Describe() => ManagedUpTo > 0 ? $"managed up to {ManagedUpTo} rows, then {Session.ExecutionProvider}" : Session.ExecutionProvider;

    public void Run(ReadOnlySpan<float> inputs, int batch, Span<float> outputs)
    {
        Interlocked.Increment(ref _runs);
        if (batch <= ManagedUpTo)
        {
            Managed!.ForwardBatch(inputs, batch, outputs);
        }
        else
        {
            Session.Run(inputs, batch, outputs);
        }
    }

    /// <summary>Times both paths on random rows for growing batches; the managed path keeps the batches it won from 1
    /// up to the first it lost (the cost curves cross once: a fixed cost per call against a higher cost per row).</summary>
    private static int Calibrate(OnnxInferenceSession session, Mlp managed)
    {
        var rng = new Random(1);
        var upTo = 0;
        foreach (var batch in CalibrationBatches)
        {
            var input = new float[batch * session.InputWidth];
            for (var i = 0; i < input.Length; i++)
            {
                input[i] = (float)rng.NextDouble();
            }

            var output = new float[batch * session.OutputWidth];
            var onnx = Time(() => session.Run(input, batch, output));
            var own = Time(() => managed.ForwardBatch(input, batch, output));
            if (own >= onnx)
            {
                break;
            }

            upTo = batch;
        }

        return upTo;
    }

    private static double Time(Action run)
    {
        for (var i = 0; i < CalibrationRuns / 10; i++)
        {
            run();
        }

        var samples = new double[5];
        for (var s = 0; s < samples.Length; s++)
        {
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < CalibrationRuns / samples.Length; i++)
            {
                run();
            }

            samples[s] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        }

        Array.Sort(samples);
        return samples[samples.Length / 2];
    }
}
