using System.Net;
using Juno.Grains.Entities;
using Juno.Grains.Options;
using Juno.Storage;
using Orleans.Configuration;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Serialization;
using Orleans.Storage;

namespace Juno.Silo.Hosting;

/// <summary>Chooses clustering and grain storage from configuration, never from the environment name:
/// a PostgreSQL connection string means ADO.NET clustering and storage; none means one localhost silo
/// with memory storage (logged loudly at start as not durable).</summary>
public static class SiloProviders
{
    public static ISiloBuilder UseJunoProviders(this ISiloBuilder silo, IConfiguration configuration)
    {
        var hosting = configuration.GetSection(OrleansHostingOptions.Section).Get<OrleansHostingOptions>() ?? new OrleansHostingOptions();
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();

        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = hosting.ClusterId;
            o.ServiceId = hosting.ServiceId;
        });

        if (storage.IsDurable)
        {
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = JunoStorage.AdoNetInvariant;
                o.ConnectionString = storage.PostgresConnectionString;
            });
            if (!hosting.KubernetesHosting)
            {
                silo.ConfigureEndpoints(IPAddress.Parse(hosting.AdvertisedAddress), hosting.SiloPort, hosting.GatewayPort, listenOnAnyHostAddress: true);
            }

        }
        else
        {
            silo.UseLocalhostClustering(hosting.SiloPort, hosting.GatewayPort, serviceId: hosting.ServiceId, clusterId: hosting.ClusterId);
        }

        silo.UseJunoGrainStorage(storage);

        // Whether this silo runs models on a GPU, for the batchers of the silos that don't.
        var inference = configuration.GetSection(InferenceOptions.Section).Get<InferenceOptions>() ?? new InferenceOptions();
        var gpu = inference.Gpu == "true" || (inference.Gpu == "auto" && Juno.Inference.OnnxInferenceSession.CudaUnavailableReason() is null);
        silo.UseSiloMetadata(new Dictionary<string, string> { [Juno.Grains.Inference.GpuSilos.MetadataKey] = gpu ? "true" : "false" });

        if (hosting.KubernetesHosting)
        {
            silo.UseKubernetesHosting();
        }

        return silo;
    }

    /// <summary>Binds Juno's grain storage providers: PostgreSQL through ADO.NET when durable, else memory.</summary>
    public static ISiloBuilder UseJunoGrainStorage(this ISiloBuilder silo, StorageOptions storage)
    {
        foreach (var name in new[] { StorageNames.Entities, StorageNames.Governance })
        {
            if (!storage.IsDurable)
            {
                silo.AddMemoryGrainStorage(name);
                continue;
            }

            silo.AddAdoNetGrainStorage(name, options => options.Configure<Serializer>((o, serializer) =>
            {
                o.Invariant = JunoStorage.AdoNetInvariant;
                o.ConnectionString = storage.PostgresConnectionString;
                // Orleans' binary format honours the [Id] attributes on our state types, so state
                // written by this version stays readable by the next one.
                o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
            }));
        }

        return silo;
    }
}
