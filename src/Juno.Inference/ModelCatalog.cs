using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Juno.Inference;

/// <summary>
/// The silo's ONNX sessions by model id; register it as a singleton. Lookups are lock-free. Registering an id again
/// swaps the session atomically and disposes the old one once its in-flight runs finish, so callers should look the
/// session up per use rather than hold on to it.
/// </summary>
public sealed class ModelCatalog : IDisposable
{
    public const string QNetworkModelId = "q-network";

    private readonly ConcurrentDictionary<string, OnnxInferenceSession> _sessions = new(StringComparer.Ordinal);
    private readonly Lock _registration = new();
    private readonly ILogger _logger;
    private readonly InferenceDevice _device;
    private readonly int _intraOpThreads;
    private bool _disposed;

    /// <param name="logger">Receives registration and provider-choice messages (sessions log through it too).</param>
    /// <param name="device">Where sessions should run; see <see cref="OnnxInferenceSession"/> for the CUDA fallback.</param>
    /// <param name="intraOpThreads">
    /// Threads ONNX Runtime may use inside one run. The default of 1 suits many small concurrent runs; raise it for a
    /// few large batches.
    /// </param>
    public ModelCatalog(ILogger<ModelCatalog>? logger = null, InferenceDevice device = InferenceDevice.Auto, int intraOpThreads = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(intraOpThreads, 1);
        _logger = logger ?? NullLogger<ModelCatalog>.Instance;
        _device = device;
        _intraOpThreads = intraOpThreads;
    }

    /// <summary>Model id → execution provider ("CUDA" or "CPU"), as a snapshot.</summary>
    public IReadOnlyDictionary<string, string> Providers =>
        _sessions.ToDictionary(entry => entry.Key, entry => entry.Value.ExecutionProvider, StringComparer.Ordinal);

    /// <summary>Loads <paramref name="onnx"/> and serves it under <paramref name="modelId"/>, replacing any previous model.</summary>
    /// <exception cref="InvalidModelException">The model was refused; the catalog is unchanged.</exception>
    public void Register(string modelId, byte[] onnx)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        ArgumentNullException.ThrowIfNull(onnx);
        ObjectDisposedException.ThrowIf(_disposed, this);
        OnnxInferenceSession session;
        try
        {
            session = new OnnxInferenceSession(onnx, _device, _logger, _intraOpThreads);
        }
        catch (InvalidModelException error)
        {
            throw new InvalidModelException($"Model '{modelId}' was refused: {error.Message}", error);
        }

        OnnxInferenceSession? replaced;
        lock (_registration)
        {
            if (_disposed)
            {
                session.Dispose();
                throw new ObjectDisposedException(nameof(ModelCatalog));
            }

            _sessions.TryGetValue(modelId, out replaced);
            _sessions[modelId] = session;
        }

        replaced?.Dispose();
        InferenceLog.ModelRegistered(_logger, modelId, session.ExecutionProvider);
    }

    /// <exception cref="UnknownModelException">Nothing is registered under <paramref name="modelId"/>.</exception>
    public OnnxInferenceSession Get(string modelId)
    {
        ArgumentNullException.ThrowIfNull(modelId);
        return _sessions.TryGetValue(modelId, out OnnxInferenceSession? session)
            ? session
            : throw new UnknownModelException(modelId, _sessions.Keys);
    }

    /// <summary>The session serving <paramref name="modelId"/>, if one is registered.</summary>
    public bool TryGet(string modelId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out OnnxInferenceSession? session)
    {
        ArgumentNullException.ThrowIfNull(modelId);
        return _sessions.TryGetValue(modelId, out session);
    }

    public void Dispose()
    {
        lock (_registration)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        foreach (OnnxInferenceSession session in _sessions.Values)
        {
            session.Dispose();
        }

        _sessions.Clear();
    }
}
