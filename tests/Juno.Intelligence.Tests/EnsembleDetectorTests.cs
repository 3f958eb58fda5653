namespace Juno.Intelligence.Tests;

public sealed class EnsembleDetectorTests
{
    public static TheoryData<string> Configurations => ["full", "no forest", "forest only", "no likelihood", "no onset", "no suppression", "suppressing", "no novelty", "novelty only"];

    [Theory]
    [MemberData(nameof(Configurations))]
    public void SnapshotRoundTripGivesIdenticalScores(string configuration)
    {
        EnsembleDetectorOptions options = Options(configuration);
        (long[] times, double[] values) = Series(seed: 21, count: 6000);
        var original = new EnsembleDetector(options);
        for (int i = 0; i < 3000; i++)
        {
            original.Update(times[i], values[i]);
        }

        byte[] bytes = SnapshotRoundTrip.Bytes(original.WriteTo);
        EnsembleDetector restored = SnapshotRoundTrip.Read(bytes, EnsembleDetector.ReadFrom);

        Assert.Equal(options, restored.Options);
        Assert.Equal(original.LastScore, restored.LastScore);
        Assert.Equal(original.LevelScore, restored.LevelScore);
        for (int i = 3000; i < times.Length; i++)
        {
            Assert.Equal(original.Update(times[i], values[i]), restored.Update(times[i], values[i]));
            Assert.Equal(original.LevelScore, restored.LevelScore);
        }

        Assert.Equal(SnapshotRoundTrip.Bytes(original.WriteTo), SnapshotRoundTrip.Bytes(restored.WriteTo));
    }

    [Fact]
    public void UpdateDoesNotAllocateAfterWarmUp()
    {
        (long[] times, double[] values) = Series(seed: 22, count: 8000);
        var detector = new EnsembleDetector();
        for (int i = 0; i < 3000; i++)
        {
            detector.Update(times[i], values[i]);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 3000; i < times.Length; i++)
        {
            detector.Update(times[i], values[i]);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void ASpikeIsFlaggedOnceAndItsOnsetScoreFallsWhileItLasts()
    {
        (long[] times, double[] values) = Series(seed: 23, count: 4000, bursts: false);
        for (int i = 3000; i < 3020; i++)
        {
            values[i] += 300;
        }

        var detector = new EnsembleDetector();
        double[] onset = new double[times.Length];
        double[] level = new double[times.Length];
        for (int i = 0; i < times.Length; i++)
        {
            onset[i] = detector.Update(times[i], values[i]);
            level[i] = detector.LevelScore;
        }

        // The level score stays up through the 20-sample incident; the onset score peaks on its first samples and is
        // discounted by that peak for the rest of it (a constant level L reads L(1 − L)), so it is never the level.
        double quiet = onset.AsSpan(1000, 2000).ToArray().Max();
        double[] incidentOnset = onset.AsSpan(3000, 20).ToArray();
        double first = Math.Max(incidentOnset[0], incidentOnset[1]);
        // The novelty part (weight 0.6) reads 0.2 when one of its three pairs is new, which a noise tail in the quiet
        // part can still produce; the forest and seasonal parts alone stay below a tenth of the spike's onset there.
        Assert.True(first > 0.3 && first > 2 * quiet, $"onset {first} vs highest quiet score {quiet}");
        Assert.Equal(first, incidentOnset.Max());
        Assert.All(incidentOnset.Skip(3), s => Assert.True(s < 0.7 * first, $"onset {s} later in the incident"));
        Assert.All(level.AsSpan(3001, 19).ToArray(), s => Assert.True(s >= 0.5, $"level {s} during the incident"));
        Assert.All(Enumerable.Range(0, onset.Length), i => Assert.True(onset[i] <= level[i]));
    }

    [Fact]
    public void AfterAScoreReachesTheThresholdTheNextSamplesScoreZero()
    {
        (long[] times, double[] values) = Series(seed: 23, count: 4000, bursts: false);
        for (int i = 3000; i < 3020; i++)
        {
            values[i] += 300;
        }

        // Without the novelty part, so the only detection is the spike's (see the test above).
        var options = EnsembleDetectorOptions.Default with { SuppressionSamples = 50, NoveltyWeight = null };
        var suppressed = new EnsembleDetector(options);
        var free = new EnsembleDetector(options with { SuppressionSamples = 0 });
        var detections = new List<int>();
        for (int i = 0; i < times.Length; i++)
        {
            double score = suppressed.Update(times[i], values[i]);
            double unsuppressed = free.Update(times[i], values[i]);
            Assert.Equal(free.LevelScore, suppressed.LevelScore);
            if (detections.Count > 0 && i <= detections[^1] + 50)
            {
                Assert.Equal(0, score);
            }
            else
            {
                Assert.Equal(unsuppressed, score);
                if (score >= options.SuppressionThreshold)
                {
                    detections.Add(i);
                }
            }
        }

        Assert.InRange(Assert.Single(detections), 3000, 3001);
    }

    [Fact]
    public void OptionsWithNoScoringPartAreRefused() =>
        Assert.Throws<ArgumentException>(() => new EnsembleDetector(new EnsembleDetectorOptions { UseSeasonalScore = false, Forest = null, NoveltyWeight = null }));

    private static EnsembleDetectorOptions Options(string configuration) => configuration switch
    {
        "no forest" => EnsembleDetectorOptions.Default with { Forest = null },
        "forest only" => EnsembleDetectorOptions.Default with { UseSeasonalScore = false },
        "no likelihood" => EnsembleDetectorOptions.Default with { Likelihood = null },
        "no onset" => EnsembleDetectorOptions.Default with { OnsetMemory = null },
        "no novelty" => EnsembleDetectorOptions.Default with { NoveltyWeight = null },
        "novelty only" => EnsembleDetectorOptions.Default with { UseSeasonalScore = false, Forest = null, Likelihood = null },
        "no suppression" => EnsembleDetectorOptions.Default with { SuppressionSamples = 0 },

        // A low threshold and a long hold, so the snapshot is taken while suppression is counting down.
        "suppressing" => EnsembleDetectorOptions.Default with { SuppressionSamples = 5000, SuppressionThreshold = 0.01 },
        _ => EnsembleDetectorOptions.Default,
    };

    // A daily sine with noise; with bursts, every seventh day also carries random bursts (for the round trips).
    private static (long[] Times, double[] Values) Series(int seed, int count, bool bursts = true)
    {
        var rng = new Random(seed);
        long[] times = [.. Enumerable.Range(0, count).Select(i => Synthetic.Start + (i * 5 * Synthetic.MinuteMs))];
        double[] values = [.. times.Select(t => Synthetic.DailySine(t) + (3 * Synthetic.Gaussian(rng)) + (bursts && (t / Synthetic.DayMs % 7) == 3 ? 40 * rng.NextDouble() : 0))];
        return (times, values);
    }
}
