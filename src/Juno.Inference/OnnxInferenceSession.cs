using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Juno.Inference;

/// <summary>
/// An ONNX Runtime session for a model with one float input [batch, InputWidth] and one float output
/// [batch, OutputWidth], such as those <see cref="OnnxModelWriter"/> writes.
/// </summary>
/// <remarks>
/// <para>
/// Provider. CUDA is tried when the preference isn't <see cref="InferenceDevice.Cpu"/> and either this assembly was
/// built with <c>-p:JunoGpu=true</c> (JUNO_GPU, CUDA package) or the loaded ONNX Runtime lists the CUDA provider;
/// otherwise, or if creating the CUDA session fails, the session runs on CPU and the reason is logged (as a warning
/// when CUDA was asked for explicitly).
/// </para>
/// <para>
/// Concurrency. <see cref="Run"/> is thread-safe: each concurrent run takes its own pinned buffers and tensors from a
/// pool and returns them, so steady-state runs allocate no tensors. <see cref="Dispose"/> waits for runs in flight —
/// the last one out releases the native session — and later runs throw <see cref="ObjectDisposedException"/>.
/// </para>
/// </remarks>
public sealed class OnnxInferenceSession : IDisposable
{
    public const string CudaProvider = "CUDA";
    public const string CpuProvider = "CPU";
    private const string CudaProviderName = "CUDAExecutionProvider";

    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly ConcurrentBag<RunBuffers> _buffers = [];
    private int _activeRuns;
    private int _disposeRequested;
    private int _released;

    /// <exception cref="InvalidModelException">The bytes aren't a loadable model with one float [batch, n] input and output.</exception>
    public OnnxInferenceSession(byte[] model, InferenceDevice preference, ILogger? logger = null, int intraOpThreads = 1)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(intraOpThreads, 1);
        logger ??= NullLogger.Instance;
        _session = CreateSession(model, preference, intraOpThreads, logger, out string provider);
        try
        {
            (string inputName, int inputWidth) = SingleBatchedFloat(_session.InputMetadata, "input");
            (string outputName, int outputWidth) = SingleBatchedFloat(_session.OutputMetadata, "output");
            _inputNames = [inputName];
            _outputNames = [outputName];
            InputWidth = inputWidth;
            OutputWidth = outputWidth;
        }
        catch
        {
            _session.Dispose();
            throw;
        }

        _runOptions = new RunOptions();
        ExecutionProvider = provider;
        InferenceLog.SessionReady(logger, provider, InputWidth, OutputWidth);
    }

    public int InputWidth { get; }

    public int OutputWidth { get; }

    /// <summary><see cref="CudaProvider"/> or <see cref="CpuProvider"/>.</summary>
    public string ExecutionProvider { get; }

    public string InputName => _inputNames[0];

    public string OutputName => _outputNames[0];

    /// <summary>Evaluates <paramref name="batch"/> contiguous input rows into as many output rows.</summary>
    public void Run(ReadOnlySpan<float> inputs, int batch, Span<float> outputs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        if (inputs.Length < batch * InputWidth)
        {
            throw new ArgumentException($"Need {batch * InputWidth} inputs for a batch of {batch}.", nameof(inputs));
        }

        if (outputs.Length < batch * OutputWidth)
        {
            throw new ArgumentException($"Need room for {batch * OutputWidth} outputs.", nameof(outputs));
        }

        Interlocked.Increment(ref _activeRuns);
        try
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposeRequested) != 0, this);
            RunBuffers buffers = _buffers.TryTake(out RunBuffers? pooled) ? pooled : new RunBuffers(InputWidth, OutputWidth);
            try
            {
                buffers.Prepare(batch);
                inputs[..(batch * InputWidth)].CopyTo(buffers.Input);
                _session.Run(_runOptions, _inputNames, buffers.Inputs, _outputNames, buffers.Outputs);
                buffers.Output.CopyTo(outputs);
            }
            finally
            {
                _buffers.Add(buffers);
            }
        }
        finally
        {
            if (Interlocked.Decrement(ref _activeRuns) == 0 && Volatile.Read(ref _disposeRequested) != 0)
            {
                Release();
            }
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposeRequested, 1) == 0 && Volatile.Read(ref _activeRuns) == 0)
        {
            Release();
        }
    }

    private static InferenceSession CreateSession(byte[] model, InferenceDevice preference, int threads, ILogger logger, out string provider)
    {
        if (preference != InferenceDevice.Cpu)
        {
            string? reason = CudaUnavailableReason();
            if (reason is null)
            {
                try
                {
                    using SessionOptions cudaOptions = CreateOptions(threads);
                    cudaOptions.AppendExecutionProvider_CUDA(0);
                    provider = CudaProvider;
                    return new InferenceSession(model, cudaOptions);
                }
                catch (Exception error) when (error is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException)
                {
                    reason = $"creating a CUDA session failed: {error.Message}";
                }
            }

            if (preference == InferenceDevice.Cuda)
            {
                InferenceLog.CudaRequestedButUnavailable(logger, reason);
            }
            else
            {
                InferenceLog.CudaUnavailable(logger, reason);
            }
        }

        provider = CpuProvider;
        try
        {
            using SessionOptions cpuOptions = CreateOptions(threads);
            return new InferenceSession(model, cpuOptions);
        }
        catch (OnnxRuntimeException error)
        {
            throw new InvalidModelException($"ONNX Runtime refused the model ({model.Length} bytes): {error.Message}", error);
        }
    }

    /// <summary>Null when this process can try CUDA; otherwise why not. What a silo advertises as its GPU capability.</summary>
    public static string? CudaUnavailableReason()
    {
#if JUNO_GPU
        // The CUDA package is referenced: try it, and let session creation report what's missing on this machine.
        return null;
#else
        return Array.IndexOf(OrtEnv.Instance().GetAvailableProviders(), CudaProviderName) >= 0
            ? null
            : "this build references the CPU-only ONNX Runtime (build with -p:JunoGpu=true for CUDA)";
#endif
    }

    private static SessionOptions CreateOptions(int threads) => new()
    {
        IntraOpNumThreads = threads,
        InterOpNumThreads = 1,
        ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
    };

    private static (string Name, int Width) SingleBatchedFloat(IReadOnlyDictionary<string, NodeMetadata> metadata, string role)
    {
        if (metadata.Count != 1)
        {
            throw new InvalidModelException($"Expected exactly one {role}, the model has {metadata.Count}.");
        }

        (string name, NodeMetadata node) = metadata.Single();
        int[] dims = node.Dimensions;
        if (!node.IsTensor || node.ElementDataType != TensorElementType.Float || dims.Length != 2 || dims[1] < 1)
        {
            throw new InvalidModelException(
                $"The {role} '{name}' must be a float tensor [batch, n]; it is {node.ElementDataType} [{string.Join(", ", dims)}].");
        }

        return (name, dims[1]);
    }

    private void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) != 0)
        {
            return;
        }

        while (_buffers.TryTake(out RunBuffers? buffers))
        {
            buffers.Dispose();
        }

        _session.Dispose();
        _runOptions.Dispose();
    }
}
