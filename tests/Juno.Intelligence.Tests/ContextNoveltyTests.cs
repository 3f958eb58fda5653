namespace Juno.Intelligence.Tests;

public sealed class ContextNoveltyTests
{
    [Fact]
    public void ARepeatingPatternBecomesFamiliarAndANewLevelIsNovelOnce()
    {
        var novelty = new ContextNovelty();
        double[] pattern = [0, 3, 7, 10, 7, 3];
        for (int i = 0; i < 600; i++)
        {
            novelty.Update(pattern[i % pattern.Length]);
        }

        Assert.Equal(0, novelty.Update(pattern[600 % pattern.Length]));
        Assert.True(novelty.Update(5.2) > 0, "an unseen band between familiar ones");
        Assert.True(novelty.Update(30) >= 0.5, "a value far above the range seen");
    }

    [Fact]
    public void ScoresAreZeroDuringWarmUp()
    {
        var novelty = new ContextNovelty();
        var rng = new Random(5);
        for (int i = 1; i < ContextNovelty.WarmUpSamples; i++)
        {
            Assert.Equal(0, novelty.Update(rng.NextDouble()));
        }
    }

    [Fact]
    public void SnapshotRoundTripGivesIdenticalScores()
    {
        var rng = new Random(7);
        double[] values = [.. Enumerable.Range(0, 4000).Select(i => Math.Sin(i / 20.0) + (0.3 * rng.NextDouble()) + (i % 700 == 0 ? 5 : 0))];
        var original = new ContextNovelty();
        for (int i = 0; i < 2000; i++)
        {
            original.Update(values[i]);
        }

        ContextNovelty restored = SnapshotRoundTrip.Read(SnapshotRoundTrip.Bytes(original.WriteTo), ContextNovelty.ReadFrom);
        Assert.Equal(original.LastScore, restored.LastScore);
        for (int i = 2000; i < values.Length; i++)
        {
            Assert.Equal(original.Update(values[i]), restored.Update(values[i]));
        }

        Assert.Equal(SnapshotRoundTrip.Bytes(original.WriteTo), SnapshotRoundTrip.Bytes(restored.WriteTo));
    }

    [Fact]
    public void AnEmptyDetectorRoundTrips()
    {
        ContextNovelty restored = SnapshotRoundTrip.Read(SnapshotRoundTrip.Bytes(new ContextNovelty().WriteTo), ContextNovelty.ReadFrom);
        Assert.Equal(0, restored.Update(1));
    }

    [Fact]
    public void UpdateDoesNotAllocate()
    {
        var novelty = new ContextNovelty();
        novelty.Update(0);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5000; i++)
        {
            novelty.Update(i % 37);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void NonFiniteValuesAreRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ContextNovelty().Update(double.NaN));
}
