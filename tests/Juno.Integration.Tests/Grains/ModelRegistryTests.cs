using Juno.Contracts.Grains;
using Juno.Contracts.Models;
using Juno.Inference;
using Juno.Integration.Tests.Infrastructure;
using Juno.Intelligence;
using Xunit;

namespace Juno.Integration.Tests.Grains;

/// <summary>Bring-your-own models on a silo with PostgreSQL: validated uploads stored with their SHA-256, activation,
/// rollback, an A/B split and shadows, and a file altered in the table refused at load.</summary>
public sealed class ModelRegistryTests(ModelRegistryTests.Fixture fixture) : IClassFixture<ModelRegistryTests.Fixture>
{
    public sealed class Fixture : GrainClusterFixture;

    [Fact]
    public async Task UploadedVersionsServeOnceActivatedAndRollBack()
    {
        var registry = fixture.Grains.GetGrain<IModelRegistryGrain>("churn");
        var (first, second) = (new Mlp(1, 4, 8, 2), new Mlp(2, 4, 8, 2));

        var v1 = await registry.Upload(OnnxModelWriter.WriteMlp(first), """{"trainedOn": "2026-10"}""", "alice");
        var v2 = await registry.Upload(OnnxModelWriter.WriteMlp(second), "", "alice");

        Assert.Equal((1, 4, 2, 13L), (v1.Version, v1.InputWidth, v1.OutputWidth, v1.Opset));
        Assert.Equal(OnnxModelInspector.Sha256(OnnxModelWriter.WriteMlp(first)), v1.Sha256);
        Assert.Equal(2, v2.Version);
        await Assert.ThrowsAsync<UnknownModelVersionException>(() => registry.Infer([1, 2, 3, 4], "caller"));

        await registry.Activate(1, "alice", "first model");
        Assert.Equal(Expected(first, [1, 2, 3, 4]), (await registry.Infer([1, 2, 3, 4], "caller")).Outputs);
        await registry.Activate(2, "alice", "retrained");
        var answer = await registry.Infer([1, 2, 3, 4, 0, 0, 0, 1], "caller");
        Assert.Equal(2, answer.Version);
        Assert.Equal(Expected(second, [1, 2, 3, 4, 0, 0, 0, 1]), answer.Outputs);

        var rolledBack = await registry.Rollback("bob", "v2 drifts");
        Assert.Equal(1, rolledBack.Active);
        Assert.Equal(1, (await registry.Infer([1, 2, 3, 4], "caller")).Version);
        Assert.Equal([2, 1], rolledBack.Versions.Select(v => v.Version));
        Assert.Contains(rolledBack.Changes, c => c.What == "rolled back from version 2 to 1" && c.Actor == "bob");
        await Assert.ThrowsAsync<ModelRejectedException>(() => registry.Rollback("bob", "again"));
        Assert.True((await fixture.Records.VerifyAuditChainAsync("models")).Valid);
    }

    [Fact]
    public async Task SplitsAndShadowsRouteCallersAndCompareAnswers()
    {
        var registry = fixture.Grains.GetGrain<IModelRegistryGrain>("ab");
        for (var seed = 1; seed <= 3; seed++)
        {
            await registry.Upload(OnnxModelWriter.WriteMlp(new Mlp(seed, 4, 8, 2)), "", "alice");
        }

        await registry.Activate(1, "alice", "baseline");
        await registry.SetRouting(new() { [2] = 0.5 }, [3], "alice", "try v2 on half, watch v3");

        var versions = new List<int>();
        for (var i = 0; i < 40; i++)
        {
            var answer = await registry.Infer([1, 2, 3, 4], $"tenant-{i}");
            versions.Add(answer.Version);
            Assert.True(answer.ShadowDivergence[3] > 0);
            Assert.Equal(answer.Version, (await registry.Infer([1, 2, 3, 4], $"tenant-{i}")).Version);
        }

        Assert.Contains(1, versions);
        Assert.Contains(2, versions);
        await Assert.ThrowsAsync<ModelRejectedException>(() => registry.SetRouting(new() { [2] = 0.6 }, [], "alice", "too much"));
        await Assert.ThrowsAsync<ModelRejectedException>(() => registry.SetRouting(new(), [1], "alice", "the active one"));
        await Assert.ThrowsAsync<ModelRejectedException>(() => registry.SetRouting(new() { [2] = 0.1 }, [2], "alice", "both"));
        await Assert.ThrowsAsync<UnknownModelVersionException>(() => registry.SetRouting(new() { [9] = 0.1 }, [], "alice", "none"));
    }

    [Fact]
    public async Task InvalidUploadsAreRefusedAndStoreNothing()
    {
        var registry = fixture.Grains.GetGrain<IModelRegistryGrain>("refused");

        Assert.Contains("not an ONNX model", (await Assert.ThrowsAsync<ModelRejectedException>(() => registry.Upload([0x0a, 0xff, 0x01], "", "alice"))).Message);
        await Assert.ThrowsAsync<ModelRejectedException>(() => registry.Upload(OnnxModelWriter.WriteMlp(new Mlp(1, 4, 2)), "[1, 2]", "alice"));
        await Assert.ThrowsAsync<ModelRejectedException>(() => fixture.Grains.GetGrain<IModelRegistryGrain>("Bad_Name").Upload(OnnxModelWriter.WriteMlp(new Mlp(1, 4, 2)), "", "alice"));
        Assert.Empty((await registry.Get()).Versions);
    }

    [Fact]
    public async Task AFileAlteredInTheTableIsRefusedAtLoad()
    {
        var registry = fixture.Grains.GetGrain<IModelRegistryGrain>("tampered");
        await registry.Upload(OnnxModelWriter.WriteMlp(new Mlp(1, 4, 8, 2)), "", "alice");
        await registry.Activate(1, "alice", "go");
        // Someone with database access swaps the weights; the digest recorded at upload no longer matches.
        await using (var connection = new Npgsql.NpgsqlConnection(fixture.ConnectionString))
        {
            await connection.OpenAsync();
            await using var tamper = new Npgsql.NpgsqlCommand("UPDATE model_files SET onnx = @onnx WHERE model = 'tampered' AND version = 1", connection);
            tamper.Parameters.AddWithValue("onnx", OnnxModelWriter.WriteMlp(new Mlp(99, 4, 8, 2)));
            Assert.Equal(1, await tamper.ExecuteNonQueryAsync());
        }

        var refused = await Assert.ThrowsAsync<ModelRejectedException>(() => registry.Infer([1, 2, 3, 4], "caller"));

        Assert.Contains("SHA-256", refused.Message);
    }

    private static float[] Expected(Mlp network, float[] rows)
    {
        var outputs = new float[rows.Length / network.InputSize * network.OutputSize];
        using var session = new OnnxInferenceSession(OnnxModelWriter.WriteMlp(network), InferenceDevice.Cpu);
        session.Run(rows, rows.Length / network.InputSize, outputs);
        return outputs;
    }
}
