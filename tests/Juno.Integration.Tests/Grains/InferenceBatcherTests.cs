using Juno.Contracts.Grains;
using Juno.Inference;
using Juno.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Juno.Integration.Tests.Grains;

public sealed class InferenceBatcherTests(InferenceBatcherTests.Fixture fixture) : IClassFixture<InferenceBatcherTests.Fixture>
{
    /// <summary>A queue no bigger than a batch and a long deadline, so calls pile up in one batching window and
    /// back-pressure is reachable in a test.</summary>
    public sealed class Fixture : GrainClusterFixture
    {
        protected override IDictionary<string, string?> Settings(string connectionString)
        {
            var settings = base.Settings(connectionString);
            settings["Juno:Inference:MaxBatchSize"] = "2048";
            settings["Juno:Inference:MaxRowsPerRun"] = "2048";
            settings["Juno:Inference:MaxQueueLength"] = "2048";
            settings["Juno:Inference:MaxRowsPerCall"] = "2048";
            settings["Juno:Inference:MaxBatchDelay"] = "00:00:00.200";
            return settings;
        }
    }

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

    [Fact]
    public async Task BatchCallsFromConcurrentCallersEachGetTheirOwnRowsInOrder()
    {
        var batcher = fixture.Grains.GetGrain<IInferenceBatcher>(ModelCatalog.QNetworkModelId);
        var served = fixture.Services.GetRequiredService<ModelCatalog>().GetServed(ModelCatalog.QNetworkModelId);
        var random = new Random(5);
        // Calls of different sizes, concurrent: they share runs, and each gets exactly its own rows back.
        var calls = new[] { 1, 3, 100, 255, 700, 40, 2 }
            .Select(rows => Enumerable.Range(0, rows * served.InputWidth).Select(_ => (float)random.NextDouble()).ToArray())
            .ToArray();

        var results = await Task.WhenAll(calls.Select(batcher.InferBatch));

        for (var c = 0; c < calls.Length; c++)
        {
            var rows = calls[c].Length / served.InputWidth;
            var expected = new float[rows * served.OutputWidth];
            served.Session.Run(calls[c], rows, expected);
            Assert.Equal(expected.Length, results[c].Length);
            for (var j = 0; j < expected.Length; j++)
            {
                Assert.Equal(expected[j], results[c][j], 1e-5f);
            }
        }
    }

    [Fact]
    public async Task BadBatchesAreRefusedAndAFullQueuePushesBack()
    {
        var batcher = fixture.Grains.GetGrain<IInferenceBatcher>(ModelCatalog.QNetworkModelId);

        Assert.Contains("rows of 10 inputs; got 15 values", (await Assert.ThrowsAsync<ArgumentException>(() => batcher.InferBatch(new float[15]))).Message);
        await Assert.ThrowsAsync<ArgumentException>(() => batcher.InferBatch([]));
        Assert.Contains("at most 2048 rows", (await Assert.ThrowsAsync<ArgumentException>(() => batcher.InferBatch(new float[2049 * 10]))).Message);

        // Sixty calls of 200 rows inside one batching window, against queues of 2,048 rows per worker: the queues fill,
        // the calls beyond them are refused with back-pressure, and every call is either answered in full or refused.
        var attempts = Enumerable.Range(0, 60).Select(_ => batcher.InferBatch(new float[200 * 10])).ToArray();
        var answered = 0;
        var refused = 0;
        foreach (var attempt in attempts)
        {
            try
            {
                Assert.Equal(200 * ServedOutputs(), (await attempt).Length);
                answered++;
            }
            catch (Juno.Grains.Inference.InferenceQueueFullException)
            {
                refused++;
            }
        }

        Assert.Equal(60, answered + refused);
        Assert.True(answered > 0 && refused > 0, $"{answered} answered, {refused} refused");
    }

    private int ServedOutputs() => fixture.Services.GetRequiredService<ModelCatalog>().GetServed(ModelCatalog.QNetworkModelId).OutputWidth;
}
