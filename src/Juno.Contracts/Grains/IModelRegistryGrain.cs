using Juno.Contracts.Models;

namespace Juno.Contracts.Grains;

/// <summary>
/// One named model (bring-your-own ONNX), keyed by its name: versions stored in PostgreSQL with their SHA-256, validated
/// at upload (ONNX, opset, one float [batch, n] input and output), an active version, an A/B split and shadows, and
/// rollback to the version active before.
/// </summary>
[Alias("juno.IModelRegistryGrain")]
public interface IModelRegistryGrain : IGrainWithStringKey
{
    /// <summary>Model names: lowercase letters, digits and '-', 1-63 characters.</summary>
    public const string NamePattern = "^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$";

    public const int MaxModelBytes = 64 * 1024 * 1024;

    /// <summary>Validates and stores a new version (not active until activated).</summary>
    /// <exception cref="ModelRejectedException">Not a usable model; nothing stored.</exception>
    [Alias("Upload")]
    Task<ModelVersion> Upload(byte[] onnx, string metadataJson, string actor);

    [Alias("Get")]
    Task<ModelView> Get();

    [Alias("Activate")]
    Task<ModelView> Activate(int version, string actor, string reason);

    /// <summary>Serves the version that was active before the current one again.</summary>
    [Alias("Rollback")]
    Task<ModelView> Rollback(string actor, string reason);

    /// <summary>Sets the A/B split (version -> share, together at most 0.5) and the shadows.</summary>
    [Alias("SetRouting")]
    Task<ModelView> SetRouting(Dictionary<int, double> split, int[] shadows, string actor, string reason);

    /// <summary>The file of a version and the SHA-256 recorded at upload, for a silo to load and check.</summary>
    [Alias("GetFile"), Orleans.Concurrency.ReadOnly]
    Task<(byte[] Onnx, string Sha256)> GetFile(int version);

    /// <summary>Runs rows through the version that serves <paramref name="callerKey"/>, and the shadows beside it.</summary>
    [Alias("Infer"), Orleans.Concurrency.ReadOnly]
    Task<ModelAnswer> Infer(float[] rows, string callerKey);
}
