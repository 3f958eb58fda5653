using Juno.Contracts.Grains;
using Juno.Inference;
using Juno.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Juno.Integration.Tests.Grains;

public sealed class InferenceBatcherTests(InferenceBatcherTests.Fixture fixture) : IClassFixture<InferenceBatcherTests.Fixture>
{
    public sealed class Fixture : GrainClusterFixture;

    [Fact]
    public async Task ConcurrentCallersEachGetTheirOwnRowOfTheBatchedResult()
    {
        var batcher = fixture.Grains.GetGrain<IInferenceBatcher>(ModelCatalog.QNetworkModelId);
        var session = fixture.Services.GetRequiredService<ModelCatalog>().Get(ModelCatalog.QNetworkModelId);
        var random = new Random(3);
        var inputs = Enumerable.Range(0, 600)
            .Select(_ => Enumerable.Range(0, session.InputWidth).Select(_ => (float)random.NextDouble()).ToArray())
            .ToArray();

        var results = await Task.WhenAll(inputs.Select(batcher.Infer));

        for (var i = 0; i < inputs.Length; i++)
        {
            var expected = new float[session.OutputWidth];
            session.Run(inputs[i], 1, expected);
            Assert.Equal(expected.Length, results[i].Length);
            for (var j = 0; j < expected.Length; j++)
            {
                // Batched and single-row GEMM kernels may round differently in the last bits.
                Assert.Equal(expected[j], results[i][j], 1e-5f);
            }
        }
    }

    [Fact]
    public async Task AnInputOfTheWrongWidthIsRefusedByName()
    {
        var batcher = fixture.Grains.GetGrain<IInferenceBatcher>(ModelCatalog.QNetworkModelId);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => batcher.Infer([1f, 2f]));

        Assert.Contains("takes 10 inputs; got 2", error.Message);
    }
}
