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

    private readonly ConcurrentDictionary<string, ServedModel> _sessions = new(StringComparer.Ordinal);
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
        _sessions.ToDictionary(entry => entry.Key, entry => entry.Value.Session.ExecutionProvider, StringComparer.Ordinal);

    /// <summary>Model id → how it runs ("managed up to 4 rows, then CPU"), as a snapshot.</summary>
    public IReadOnlyDictionary<string, string> Paths =>
        _sessions.ToDictionary(entry => entry.Key, entry => entry.Value.Describe(), StringComparer.Ordinal);

    /// <summary>Loads <paramref name="onnx"/> and serves it under <paramref name="modelId"/>, replacing any previous model.
    /// With <paramref name="managed"/> (the network the file was written from), small batches may run managed, as
    /// measured at registration (<see cref="ServedModel"/>).</summary>
    /// <exception cref="InvalidModelException">The model was refused; the catalog is unchanged.</exception>
    public void Register(string modelId, byte[] onnx, Intelligence.Mlp? managed = null)
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

        var served = new ServedModel(session, managed);
        ServedModel? replaced;
        lock (_registration)
        {
            if (_disposed)
            {
                session.Dispose();
                throw new ObjectDisposedException(nameof(ModelCatalog));
            }

            _sessions.TryGetValue(modelId, out replaced);
            _sessions[modelId] = served;
        }

        replaced?.Session.Dispose();
        InferenceLog.ModelRegistered(_logger, modelId, served.Describe());
    }

    /// <summary>Registers a file fetched from the model registry only if its SHA-256 is the one recorded at upload:
    /// a file altered in storage (or in transit) is refused and logged, never served.</summary>
    /// <exception cref="InvalidModelException">The digest does not match, or the model was refused.</exception>
    public void RegisterVerified(string modelId, byte[] onnx, string expectedSha256)
    {
        ArgumentNullException.ThrowIfNull(onnx);
        var actual = OnnxModelInspector.Sha256(onnx);
        if (!string.Equals(actual, expectedSha256, StringComparison.OrdinalIgnoreCase))
        {
            InferenceLog.DigestMismatch(_logger, modelId, expectedSha256, actual);
            throw new InvalidModelException($"Model '{modelId}' was refused: its SHA-256 is {actual}, the registry recorded {expectedSha256}.");
        }

        Register(modelId, onnx);
    }

    /// <exception cref="UnknownModelException">Nothing is registered under <paramref name="modelId"/>.</exception>
    public OnnxInferenceSession Get(string modelId) => GetServed(modelId).Session;

    /// <exception cref="UnknownModelException">Nothing is registered under <paramref name="modelId"/>.</exception>
    public ServedModel GetServed(string modelId)
    {
        ArgumentNullException.ThrowIfNull(modelId);
        return _sessions.TryGetValue(modelId, out ServedModel? served)
            ? served
            : throw new UnknownModelException(modelId, _sessions.Keys);
    }

    /// <summary>The model serving <paramref name="modelId"/>, if one is registered.</summary>
    public bool TryGet(string modelId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ServedModel? served)
    {
        ArgumentNullException.ThrowIfNull(modelId);
        return _sessions.TryGetValue(modelId, out served);
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

        foreach (ServedModel served in _sessions.Values)
        {
            served.Session.Dispose();
        }

        _sessions.Clear();
    }
}
