namespace Juno.Intelligence.Tests;

public sealed class ShingleForestTests
{
    [Fact]
    public void ForestsWithTheSameSeedScoreIdenticallyAndAnotherSeedDiffers()
    {
        double[] values = Noise(seed: 3, count: 3000);
        double[] first = Scores(new ShingleForest(), values);
        double[] second = Scores(new ShingleForest(), values);
        double[] reseeded = Scores(new ShingleForest(ShingleForestOptions.Default with { Seed = 18 }), values);

        Assert.Equal(first, second);
        Assert.NotEqual(first, reseeded);
        Assert.Contains(first, s => s > 0);
    }

    [Fact]
    public void ScoresAreZeroUntilTheFirstWindowCompletes()
    {
        var forest = new ShingleForest();
        // The first window starts once a whole shingle exists.
        int count = ShingleForestOptions.Default.WindowSamples + ShingleForestOptions.Default.ShingleLength - 1;
        double[] scores = Scores(forest, Noise(seed: 4, count: count));

        Assert.All(scores, s => Assert.Equal(0, s));
        Assert.True(forest.Update(100) > 0);
    }

    [Fact]
    public void AValueInARarelyVisitedRegionScoresHigherThanUsualOnes()
    {
        // Bounded noise just above 10 after a first 0 and 100, so the normalisation already spans the later jump: the jump
        // lands where the series has not been for several windows, the usual values where it always is.
        var forest = new ShingleForest();
        var rng = new Random(5);
        forest.Update(0);
        forest.Update(100);
        double usual = 0;
        for (int i = 0; i < 2000; i++)
        {
            double score = forest.Update(10 + (5 * rng.NextDouble()));
            usual = i >= 1000 ? Math.Max(usual, score) : usual;
        }

        double jump = forest.Update(95);

        // The raw score is exp(−mass): its scale is only meaningful relative to the series' own scores (the likelihood
        // layer calibrates it), so the check is relative.
        Assert.True(jump > 100 * usual, $"jump {jump} vs highest usual {usual}");
    }

    [Fact]
    public void SnapshotRoundTripGivesIdenticalScores()
    {
        double[] values = Noise(seed: 6, count: 4000);
        var original = new ShingleForest();
        foreach (double value in values.AsSpan(0, 1500))
        {
            original.Update(value);
        }

        byte[] bytes = SnapshotRoundTrip.Bytes(original.WriteTo);
        ShingleForest restored = SnapshotRoundTrip.Read(bytes, ShingleForest.ReadFrom);

        Assert.Equal(original.LastScore, restored.LastScore);
        foreach (double value in values.AsSpan(1500))
        {
            Assert.Equal(original.Update(value), restored.Update(value));
        }

        Assert.Equal(SnapshotRoundTrip.Bytes(original.WriteTo), SnapshotRoundTrip.Bytes(restored.WriteTo));
    }

    [Fact]
    public void UpdateDoesNotAllocateAfterConstruction()
    {
        double[] values = Noise(seed: 7, count: 4000);
        var forest = new ShingleForest();
        foreach (double value in values.AsSpan(0, 1000))
        {
            forest.Update(value);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        foreach (double value in values.AsSpan(1000))
        {
            forest.Update(value);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void NonFiniteInputIsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ShingleForest().Update(double.NaN));

    private static double[] Scores(ShingleForest forest, double[] values) => [.. values.Select(forest.Update)];

    private static double[] Noise(int seed, int count)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => 100 + (10 * Synthetic.Gaussian(rng)))];
    }
}
