using Orleans.Runtime.MembershipService.SiloMetadata;

namespace Juno.Grains.Inference;

/// <summary>The silo metadata that says a silo runs models on a GPU, and who says so.</summary>
public static class GpuSilos
{
    /// <summary>Silo metadata key: "true" on silos whose ONNX Runtime can use CUDA.</summary>
    public const string MetadataKey = "juno.gpu";

    public static bool IsGpu(ISiloMetadataCache metadata, SiloAddress silo) =>
        metadata.GetSiloMetadata(silo).Metadata.TryGetValue(MetadataKey, out var value) && value == "true";
}
