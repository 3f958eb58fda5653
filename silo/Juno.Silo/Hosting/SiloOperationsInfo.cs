using Juno.Actuation;
using Juno.Grains.Options;
using Juno.Http;
using Juno.Inference;
using Microsoft.Extensions.Options;

namespace Juno.Silo.Hosting;

internal sealed class SiloOperationsInfo(
    IOptions<JunoClusterOptions> cluster,
    IOptions<StorageOptions> storage,
    IClusterActuator actuator,
    ModelCatalog models,
    ILocalSiloDetails silo) : IOperationsInfo
{
    public string DefaultCluster => cluster.Value.Name;

    public bool StorageDurable => storage.Value.IsDurable;

    public string StorageDescription => storage.Value.IsDurable
        ? "PostgreSQL (ADO.NET clustering, grain storage and Juno records)"
        : "memory only: NOT DURABLE, everything is lost when this silo stops";

    public string ActuatorName => actuator.Name;

    public IReadOnlyDictionary<string, string> InferenceProviders => models.Paths;

    public string SiloAddress => silo.SiloAddress.ToString();
}
