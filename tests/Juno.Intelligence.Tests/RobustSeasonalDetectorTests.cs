namespace Juno.Intelligence.Tests;

public sealed class RobustSeasonalDetectorTests
{
    private const long Step = 5 * Synthetic.MinuteMs;
    private const double Sigma = 2;

    [Fact]
    public void TenSigmaSpikeScoresAboveNinetyPercentWhileNormalNoiseStaysBelowThirty()
    {
        var rng = new Random(11);
        var detector = new RobustSeasonalDetector();
        long spikeAt = Synthetic.Start + (5 * Synthetic.DayMs) + (12 * Synthetic.HourMs);
        double maxNormalScore = 0;
        double spikeScore = double.NaN;
        double afterSpikeScore = double.NaN;
        for (long t = Synthetic.Start; t < Synthetic.Start + (7 * Synthetic.DayMs); t += Step)
        {
            double value = Synthetic.DailySine(t) + (Sigma * Synthetic.Gaussian(rng));
            if (t == spikeAt)
            {
                spikeScore = detector.Update(t, Synthetic.DailySine(t) + (10 * Sigma));
                continue;
            }

            double score = detector.Update(t, value);
            if (t == spikeAt + Step)
            {
                afterSpikeScore = score;
            }

            if (t >= Synthetic.Start + (2 * Synthetic.DayMs))
            {
                maxNormalScore = Math.Max(maxNormalScore, score);
            }
        }

        Assert.True(spikeScore > 0.9, $"spike scored {spikeScore}");
        Assert.True(maxNormalScore < 0.3, $"normal noise peaked at {maxNormalScore}");
        Assert.True(afterSpikeScore < 0.3, $"the sample after the spike scored {afterSpikeScore}");
    }

    [Fact]
    public void LearnedDailyPeakStopsScoringAsAnomalousAfterAFewDays()
    {
        var rng = new Random(5);
        var detector = new RobustSeasonalDetector();
        var peakScorePerDay = new double[6];
        for (long t = Synthetic.Start; t < Synthetic.Start + (6 * Synthetic.DayMs); t += Step)
        {
            double hour = (double)(t % Synthetic.DayMs) / Synthetic.HourMs;
            double score = detector.Update(t, LunchPeak(hour) + (Sigma * Synthetic.Gaussian(rng)));
            int day = (int)((t - Synthetic.Start) / Synthetic.DayMs);
            if (hour is >= 12 and < 16)
            {
                peakScorePerDay[day] = Math.Max(peakScorePerDay[day], score);
            }
        }

        Assert.True(peakScorePerDay[0] > 0.9, $"an unseen 30-sigma peak should be anomalous, scored {peakScorePerDay[0]}");
        Assert.All(peakScorePerDay[3..], score => Assert.True(score < 0.3, $"learned peak scored {score}"));
        Assert.True(detector.SeasonalProfile[13] > 20, $"profile at 13:30 is {detector.SeasonalProfile[13]}");

        // A 3-hour raised-cosine bump of +60 (30 sigma) centred on 14:00 on a flat 50: smooth enough for hourly slots
        // to represent, steep enough that the fast level can't simply follow it on the first day.
        static double LunchPeak(double hour) =>
            50 + (Math.Abs(hour - 14) < 1.5 ? 30 * (1 + Math.Cos(Math.PI * (hour - 14) / 1.5)) : 0);
    }

    [Fact]
    public void RepeatedOutliersDoNotInflateTheScaleOrDragTheBaseline()
    {
        var rng = new Random(3);
        var detector = new RobustSeasonalDetector();
        long t = Synthetic.Start;
        for (int i = 0; i < 3000; i++, t += Synthetic.MinuteMs)
        {
            bool outlier = i > 100 && i % 20 == 0;
            double value = 100 + (outlier ? 50 * Sigma : Sigma * Synthetic.Gaussian(rng));
            double score = detector.Update(t, value);
            if (outlier)
            {
                Assert.True(score > 0.99, $"outlier {i} scored {score}");
            }
        }

        Assert.InRange(detector.Scale, 0.8 * Sigma, 1.5 * Sigma);
        Assert.InRange(detector.Baseline, 100 - Sigma, 100 + Sigma);
    }

    [Fact]
    public void WarmupScoresZeroEvenForWildValues()
    {
        var detector = new RobustSeasonalDetector();
        int warmup = detector.Options.WarmupSamples;
        for (int i = 0; i < warmup; i++)
        {
            Assert.Equal(0, detector.Update(Synthetic.Start + (i * Synthetic.MinuteMs), i % 2 == 0 ? 1 : 1000));
        }

        Assert.Equal(warmup, detector.Count);
        Assert.True(detector.Update(Synthetic.Start + (warmup * Synthetic.MinuteMs), 1e6) > 0.99);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void NonFiniteValueThrowsAndLeavesTheDetectorUnchanged(double value)
    {
        var detector = new RobustSeasonalDetector();
        for (int i = 0; i < 100; i++)
        {
            detector.Update(Synthetic.Start + (i * Synthetic.MinuteMs), 10 + (i % 3));
        }

        byte[] before = SnapshotRoundTrip.Bytes(detector.WriteTo);
        Assert.Throws<ArgumentOutOfRangeException>(() => detector.Update(Synthetic.Start + Synthetic.DayMs, value));
        Assert.Equal(before, SnapshotRoundTrip.Bytes(detector.WriteTo));
    }

    [Fact]
    public void SnapshotRoundTripReproducesFutureScoresExactly()
    {
        var options = new RobustSeasonalDetectorOptions { WarmupSamples = 10, ScoreMidpoint = 5 };
        var rng = new Random(21);
        var original = new RobustSeasonalDetector(options);
        long t = Synthetic.Start;
        for (; t < Synthetic.Start + (3 * Synthetic.DayMs); t += Step)
        {
            original.Update(t, Synthetic.DailySine(t) + (Sigma * Synthetic.Gaussian(rng)));
        }

        byte[] bytes = SnapshotRoundTrip.Bytes(original.WriteTo);
        RobustSeasonalDetector restored = SnapshotRoundTrip.Read(bytes, RobustSeasonalDetector.ReadFrom);
        Assert.Equal(options, restored.Options);
        for (; t < Synthetic.Start + (4 * Synthetic.DayMs); t += Step)
        {
            double value = Synthetic.DailySine(t) + (Sigma * Synthetic.Gaussian(rng)) + (t % Synthetic.HourMs == 0 ? 30 : 0);
            Assert.Equal(original.Update(t, value), restored.Update(t, value));
            Assert.Equal(original.Baseline, restored.Baseline);
        }

        Assert.Equal(SnapshotRoundTrip.Bytes(original.WriteTo), SnapshotRoundTrip.Bytes(restored.WriteTo));
    }

    [Fact]
    public void DefaultOptionsCostOneByteAndRestoreToTheSharedInstance()
    {
        var detector = new RobustSeasonalDetector();
        detector.Update(Synthetic.Start, 1);
        byte[] withDefaults = SnapshotRoundTrip.Bytes(detector.WriteTo);
        byte[] withCustom = SnapshotRoundTrip.Bytes(new RobustSeasonalDetector(new RobustSeasonalDetectorOptions { WarmupSamples = 3 }).WriteTo);

        Assert.Same(RobustSeasonalDetectorOptions.Default, SnapshotRoundTrip.Read(withDefaults, RobustSeasonalDetector.ReadFrom).Options);
        Assert.True(withCustom.Length > withDefaults.Length);
    }

    [Fact]
    public void UnknownFormatVersionIsRefused()
    {
        byte[] bytes = SnapshotRoundTrip.Bytes(new RobustSeasonalDetector().WriteTo);
        bytes[0] = 99;
        var error = Assert.Throws<InvalidDataException>(() => SnapshotRoundTrip.Read(bytes, RobustSeasonalDetector.ReadFrom));
        Assert.Contains("version 99", error.Message);
    }

    [Fact]
    public void InvalidOptionsAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RobustSeasonalDetector(new RobustSeasonalDetectorOptions { ScoreWidth = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RobustSeasonalDetector(new RobustSeasonalDetectorOptions { LevelTimeConstant = TimeSpan.Zero }));
    }
}
