namespace Juno.Intelligence.Tests;

public sealed class AnomalyLikelihoodTests
{
    [Fact]
    public void StationaryRawScoresGiveRoughlyUniformTailProbabilities()
    {
        // Raw scores 0.3 ± 0.1: the short mean's deviation (~0.03) is above the floor, so the tail probability
        // p = 10^(−10 · score) should be close to uniform: about 10% of samples at p ≤ 0.1, very few at p ≤ 0.001.
        var likelihood = new AnomalyLikelihood();
        var rng = new Random(11);
        var scores = new List<double>();
        for (int i = 0; i < 20_000; i++)
        {
            double score = likelihood.Update(Math.Clamp(0.3 + (0.1 * Synthetic.Gaussian(rng)), 0, 1));
            if (i >= LikelihoodOptions.Default.HistoricWindow)
            {
                scores.Add(score);
            }
        }

        double atMostTenth = scores.Count(s => s >= 0.1) / (double)scores.Count;
        double atMostThousandth = scores.Count(s => s >= 0.3) / (double)scores.Count;
        Assert.InRange(atMostTenth, 0.05, 0.15);
        Assert.InRange(atMostThousandth, 0, 0.005);
        Assert.True(scores.Max() < 0.5, $"highest score on stationary input {scores.Max()}");
    }

    [Fact]
    public void ALevelShiftInTheRawScoresIsReportedAsVeryUnlikely()
    {
        var likelihood = new AnomalyLikelihood();
        var rng = new Random(12);
        for (int i = 0; i < 3000; i++)
        {
            likelihood.Update(Math.Clamp(0.1 + (0.05 * Synthetic.Gaussian(rng)), 0, 1));
        }

        double highest = 0;
        for (int i = 0; i < 10; i++)
        {
            highest = Math.Max(highest, likelihood.Update(Math.Clamp(0.6 + (0.05 * Synthetic.Gaussian(rng)), 0, 1)));
        }

        // 0.5 is a tail probability of 1e-5.
        Assert.True(highest > 0.5, $"shift scored at most {highest}");
    }

    [Fact]
    public void ScoresAreZeroUntilEnoughHistory()
    {
        var likelihood = new AnomalyLikelihood();
        for (int i = 0; i < LikelihoodOptions.Default.MinimumHistory; i++)
        {
            Assert.Equal(0, likelihood.Update(i % 2));
        }

        Assert.True(likelihood.Update(1) > 0);
    }

    [Fact]
    public void SnapshotRoundTripGivesIdenticalScores()
    {
        var rng = new Random(13);
        double[] raw = [.. Enumerable.Range(0, 6000).Select(i => Math.Clamp(0.2 + (0.1 * Synthetic.Gaussian(rng)) + (i % 997 == 0 ? 0.5 : 0), 0, 1))];
        var original = new AnomalyLikelihood();
        foreach (double value in raw.AsSpan(0, 2500))
        {
            original.Update(value);
        }

        byte[] bytes = SnapshotRoundTrip.Bytes(original.WriteTo);
        AnomalyLikelihood restored = SnapshotRoundTrip.Read(bytes, AnomalyLikelihood.ReadFrom);

        foreach (double value in raw.AsSpan(2500))
        {
            Assert.Equal(original.Update(value), restored.Update(value));
        }

        Assert.Equal(SnapshotRoundTrip.Bytes(original.WriteTo), SnapshotRoundTrip.Bytes(restored.WriteTo));
    }

    [Fact]
    public void UpdateDoesNotAllocate()
    {
        var likelihood = new AnomalyLikelihood();
        likelihood.Update(0.1);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5000; i++)
        {
            likelihood.Update((i % 7) / 10.0);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData(0, 0.30103)]
    [InlineData(-3, 0.00058)]
    [InlineData(2.326348, 2.0)]
    [InlineData(4.264891, 5.0)]
    [InlineData(10, 23.1181)]
    public void NormalTailMatchesTheStandardNormal(double z, double expected) =>
        Assert.Equal(expected, NormalTail.NegativeLog10(z), 2);
}
