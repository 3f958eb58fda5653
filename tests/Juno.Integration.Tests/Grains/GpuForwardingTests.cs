using Juno.Contracts.Grains;
using Juno.Grains.Hosting;
using Juno.Grains.Inference;
using Juno.Grains.Options;
using Juno.Inference;
using Juno.Intelligence;
using Juno.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.TestingHost;
using Xunit;

namespace Juno.Integration.Tests.Grains;

/// <summary>Two silos, one advertising a GPU in its silo metadata: a batcher on the other sends its whole batches to
/// the model server, which placement puts on the GPU silo; the answers are the model's.</summary>
public sealed class GpuForwardingTests : IAsyncLifetime
{
    private const string ModelId = "gpu-forwarded";
    private static readonly Mlp Network = new(3, 6, 16, 2);
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Juno:Cluster:Name"] = "gpu-test",
                ["Juno:Decision:TickInterval"] = "01:00:00",
            });
            host.Services.AddJunoGrainServices(host.Configuration);
        });
        // The test host names its silos Silo_0, Silo_1: the second one has the GPU.
        builder.ConfigureSilo((options, silo) =>
        {
            silo.UseJunoGrainStorage(new StorageOptions());
            silo.UseSiloMetadata(new Dictionary<string, string> { [GpuSilos.MetadataKey] = options.SiloName == "Silo_1" ? "true" : "false" });
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
        foreach (var silo in _cluster.Silos)
        {
            silo.ServiceProvider.GetRequiredService<ModelCatalog>().Register(ModelId, OnnxModelWriter.WriteMlp(Network));
        }
    }

    public async Task DisposeAsync()
    {
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task ABatcherWithoutAGpuSendsWholeBatchesToTheGpuSilo()
    {
        var (cpu, gpu) = (Silo(gpu: false), Silo(gpu: true));
        var grains = cpu.ServiceProvider.GetRequiredService<IGrainFactory>();
        var rows = Enumerable.Range(0, 6 * 40).Select(i => (float)Math.Sin(i)).ToArray();
        var expected = new float[40 * 2];
        Network.ForwardBatch(rows, 40, expected);

        // The CPU silo learns of the GPU silo's metadata through membership; until then its batcher runs locally.
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30);
        float[] outputs;
        do
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "no batch reached the GPU silo");
            outputs = await grains.GetGrain<IInferenceBatcher>(ModelId).InferBatch(rows);
        }
        while (Runs(gpu) == 0);

        var cpuRunsBefore = Runs(cpu);
        outputs = await grains.GetGrain<IInferenceBatcher>(ModelId).InferBatch(rows);

        Assert.Equal(cpuRunsBefore, Runs(cpu));
        Assert.True(Runs(gpu) >= 2);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], outputs[i], 1e-4f);
        }
    }

    private InProcessSiloHandle Silo(bool gpu) => _cluster.Silos.Single(s =>
        GpuSilos.IsGpu(s.ServiceProvider.GetRequiredService<ISiloMetadataCache>(), s.SiloAddress) == gpu);

    private static long Runs(InProcessSiloHandle silo) => silo.ServiceProvider.GetRequiredService<ModelCatalog>().GetServed(ModelId).Runs;
}
