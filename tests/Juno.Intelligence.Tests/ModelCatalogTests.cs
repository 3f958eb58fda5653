using Juno.Inference;

namespace Juno.Intelligence.Tests;

public sealed class ModelCatalogTests
{
    private static readonly byte[] Model = OnnxModelWriter.WriteMlp(new Mlp(seed: 3, StateVector.Length, 16, AgentActions.Count));

    [Fact]
    public void ServesRegisteredModelsAndReportsTheirProviders()
    {
        var logger = new CapturingLogger<ModelCatalog>();
        using var catalog = new ModelCatalog(logger, InferenceDevice.Cpu);
        catalog.Register(ModelCatalog.QNetworkModelId, Model);

        OnnxInferenceSession session = catalog.Get(ModelCatalog.QNetworkModelId);
        var q = new float[AgentActions.Count];
        session.Run(new float[StateVector.Length], 1, q);

        Assert.Equal(AgentActions.Count, session.OutputWidth);
        Assert.Equal(new Dictionary<string, string> { [ModelCatalog.QNetworkModelId] = "CPU" }, catalog.Providers);
        Assert.Contains(logger.Entries, entry => entry.Message.Contains($"'{ModelCatalog.QNetworkModelId}' registered on CPU", StringComparison.Ordinal));
    }

    [Fact]
    public void UnknownModelIdIsNamedInTheException()
    {
        using var catalog = new ModelCatalog();
        catalog.Register("other", Model);

        var error = Assert.Throws<UnknownModelException>(() => catalog.Get("missing-model"));

        Assert.Equal("missing-model", error.ModelId);
        Assert.Contains("'missing-model'", error.Message);
        Assert.Contains("other", error.Message);
    }

    [Fact]
    public void ReRegisteringSwapsTheSessionAndRetiresTheOldOne()
    {
        using var catalog = new ModelCatalog();
        catalog.Register("m", Model);
        OnnxInferenceSession first = catalog.Get("m");

        catalog.Register("m", OnnxModelWriter.WriteMlp(new Mlp(seed: 4, StateVector.Length, 8, 3)));

        OnnxInferenceSession second = catalog.Get("m");
        Assert.NotSame(first, second);
        Assert.Equal(3, second.OutputWidth);
        Assert.Throws<ObjectDisposedException>(() => first.Run(new float[StateVector.Length], 1, new float[AgentActions.Count]));
    }

    [Fact]
    public void RefusedModelLeavesTheCatalogUnchanged()
    {
        using var catalog = new ModelCatalog();
        catalog.Register("m", Model);

        var error = Assert.Throws<InvalidModelException>(() => catalog.Register("m", [1, 2, 3, 4]));

        Assert.Contains("'m'", error.Message);
        catalog.Get("m").Run(new float[StateVector.Length], 1, new float[AgentActions.Count]);
    }

    [Fact]
    public void DisposedCatalogRefusesRegistration()
    {
        var catalog = new ModelCatalog();
        catalog.Dispose();
        Assert.Throws<ObjectDisposedException>(() => catalog.Register("m", Model));
    }
}

public sealed class ServedModelTests
{
    [Fact]
    public void AManagedTwinRunsTheSmallBatchesItWasMeasuredFasterOnAndGivesTheSessionsAnswers()
    {
        var network = new Mlp(7, 10, 128, 64, 6);
        using var catalog = new ModelCatalog();
        catalog.Register("q", OnnxModelWriter.WriteMlp(network), network);
        var served = catalog.GetServed("q");

        Assert.Same(network, served.Managed);
        Assert.InRange(served.ManagedUpTo, 0, 64);
        Assert.Contains("CPU", catalog.Paths["q"]);
        var rng = new Random(2);
        foreach (var batch in new[] { 1, Math.Max(1, served.ManagedUpTo), 300 })
        {
            var input = Enumerable.Range(0, batch * 10).Select(_ => (float)rng.NextDouble()).ToArray();
            var viaServed = new float[batch * 6];
            var viaSession = new float[batch * 6];
            served.Run(input, batch, viaServed);
            served.Session.Run(input, batch, viaSession);
            for (var i = 0; i < viaServed.Length; i++)
            {
                Assert.Equal(viaSession[i], viaServed[i], 1e-4f);
            }
        }
    }

    [Fact]
    public void ATwinOfAnotherShapeIsIgnored()
    {
        using var catalog = new ModelCatalog();
        catalog.Register("q", OnnxModelWriter.WriteMlp(new Mlp(7, 10, 16, 6)), new Mlp(7, 12, 16, 6));

        Assert.Null(catalog.GetServed("q").Managed);
        Assert.Equal(0, catalog.GetServed("q").ManagedUpTo);
        Assert.Equal("CPU", catalog.Paths["q"]);
    }
}
