namespace Juno.Intelligence.Tests;

/// <summary>One clear synthetic case per anomaly type, each through the whole diagnoser.</summary>
public sealed class AnomalyTypeTests
{
    private const int Memory = 1;
    private const int Latency = 2;
    private const int Requests = 4;

    [Fact]
    public void OneSampleExcursionIsASpike()
    {
        var feed = new DiagnoserFeed(seed: 20);
        feed.Noise(60);
        feed.Batch(Latency, 130, 100, 2);

        EntityDiagnosis diagnosis = feed.Diagnose();
        Assert.Equal(AnomalyType.Spike, diagnosis.Type);
        Assert.Equal(Latency, diagnosis.Drivers[0].Metric);
    }

    [Fact]
    public void TrafficFallingToNearZeroIsADropFromItsFirstSample()
    {
        var feed = new DiagnoserFeed(seed: 21);
        feed.Noise(60);
        for (int minute = 0; minute < 10; minute++)
        {
            feed.Batch(Requests, 2 + feed.Gaussian(), 100, 2);
            EntityDiagnosis diagnosis = feed.Diagnose();
            Assert.Equal(AnomalyType.Drop, diagnosis.Type);
            Assert.Equal(Requests, diagnosis.Drivers[0].Metric);
        }
    }

    [Fact]
    public void TrafficDecliningToZeroOverAnHourIsATrendNotADrop()
    {
        var feed = new DiagnoserFeed(seed: 29);
        feed.Noise(60);
        double expected = 100;
        var types = new List<AnomalyType>();
        for (int minute = 1; minute <= 60; minute++)
        {
            double value = Math.Max(0, 100 - (2 * minute) + feed.Gaussian());
            feed.Batch(Requests, value, expected, 2);
            expected += (1 - Math.Exp(-1 / 60.0)) * (value - expected);
            EntityDiagnosis diagnosis = feed.Diagnose();
            if (diagnosis.Severity != AnomalySeverity.None)
            {
                types.Add(diagnosis.Type);
            }
        }

        // By the end the value is far below half the lagging expectation, but it got there gradually.
        Assert.Equal(Requests, feed.Diagnose().Drivers[0].Metric);
        Assert.NotEmpty(types);
        Assert.All(types, type => Assert.Equal(AnomalyType.Trend, type));
    }

    [Fact]
    public void SustainedFlatOffsetIsALevelShiftOnceItOutlastsASpike()
    {
        var feed = new DiagnoserFeed(seed: 22);
        feed.Noise(60);
        var types = new List<AnomalyType>();
        for (int minute = 0; minute < 20; minute++)
        {
            // The detector's expectation absorbs the shift over about an hour, as RobustSeasonalDetector's level does.
            double expected = 100 + (40 * (1 - Math.Exp(-minute / 60.0)));
            feed.Batch(Latency, 140 + (2 * feed.Gaussian()), expected, 2);
            types.Add(feed.Diagnose().Type);
        }

        Assert.All(types[..3], type => Assert.Equal(AnomalyType.Spike, type));
        Assert.All(types[3..], type => Assert.Equal(AnomalyType.LevelShift, type));
    }

    [Fact]
    public void SteadilyClimbingValueIsATrend()
    {
        // A memory leak: +0.3 per minute on a scale of 1, the detector's expectation lagging it by an hour's EWMA.
        var feed = new DiagnoserFeed(seed: 23);
        for (int minute = 0; minute < 60; minute++)
        {
            feed.Batch(Memory, 50 + (0.3 * feed.Gaussian()), 50, 1);
        }

        double expected = 50;
        var types = new List<AnomalyType>();
        for (int minute = 1; minute <= 120; minute++)
        {
            double value = 50 + (0.3 * minute) + (0.3 * feed.Gaussian());
            feed.Batch(Memory, value, expected, 1);
            expected += (1 - Math.Exp(-1 / 60.0)) * (value - expected);
            EntityDiagnosis diagnosis = feed.Diagnose();
            if (diagnosis.Severity != AnomalySeverity.None)
            {
                Assert.Equal(Memory, diagnosis.Drivers[0].Metric);
                types.Add(diagnosis.Type);
            }
        }

        Assert.True(types.Count > 40, $"only {types.Count} minutes were anomalous");
        Assert.All(types, type => Assert.Equal(AnomalyType.Trend, type));
    }

    [Fact]
    public void MissingDailyPeakIsASeasonalBreakWhileAnOffsetAtAFlatHourIsALevelShift()
    {
        var feed = new DiagnoserFeed(seed: 24);

        // A day and a bit of a daily cycle peaking at 06:00 (130) so every hour of the day has been seen.
        long peak = Synthetic.Start + Synthetic.DayMs + (6 * Synthetic.HourMs);
        while (feed.Last < peak - (30 * Synthetic.MinuteMs))
        {
            double expected = Cycle(feed.Last + Synthetic.MinuteMs);
            feed.Batch(Requests, expected + (2 * feed.Gaussian()), expected, 2);
        }

        // The peak doesn't come: traffic stays at the day's average level.
        var breakFeed = new DiagnoserFeed(seed: 25, Copy(feed.Diagnoser), feed.Last);
        for (int minute = 0; minute < 30; minute++)
        {
            breakFeed.Batch(Requests, 100 + (2 * breakFeed.Gaussian()), Cycle(breakFeed.Last + Synthetic.MinuteMs), 2);
        }

        EntityDiagnosis missingPeak = breakFeed.Diagnose();
        Assert.Equal(Requests, missingPeak.Drivers[0].Metric);
        Assert.True(missingPeak.Drivers[0].Deviation < -10);
        Assert.Equal(AnomalyType.SeasonalBreak, missingPeak.Type);

        // The same history, but traffic jumps 30 above the expected peak: the seasonal part doesn't explain that.
        var shiftFeed = new DiagnoserFeed(seed: 25, Copy(feed.Diagnoser), feed.Last);
        for (int minute = 0; minute < 30; minute++)
        {
            double expected = Cycle(shiftFeed.Last + Synthetic.MinuteMs);
            shiftFeed.Batch(Requests, expected + 30 + (2 * shiftFeed.Gaussian()), expected, 2);
        }

        Assert.Equal(AnomalyType.LevelShift, shiftFeed.Diagnose().Type);
    }

    [Fact]
    public void OffsetHeldThroughTheDailyCycleStaysALevelShift()
    {
        // From noon the cycle falls 0.13 per minute, 8 an hour: without taking the cycle out, a window holding only the
        // shifted level would read as a ramp in the shift's direction.
        var feed = new DiagnoserFeed(seed: 28);
        long noon = Synthetic.Start + Synthetic.DayMs + (12 * Synthetic.HourMs);
        while (feed.Last < noon - Synthetic.MinuteMs)
        {
            double expected = Cycle(feed.Last + Synthetic.MinuteMs);
            feed.Batch(Requests, expected + (2 * feed.Gaussian()), expected, 2);
        }

        var types = new List<AnomalyType>();
        for (int minute = 0; minute < 150; minute++)
        {
            double expected = Cycle(feed.Last + Synthetic.MinuteMs);
            feed.Batch(Requests, expected - 20 + (2 * feed.Gaussian()), expected, 2);
            types.Add(feed.Diagnose().Type);
        }

        Assert.All(types[..3], type => Assert.Equal(AnomalyType.Spike, type));
        Assert.All(types[3..], type => Assert.Equal(AnomalyType.LevelShift, type));
    }

    [Fact]
    public void SeasonalBreakNeedsADayOfExpectations()
    {
        var feed = new DiagnoserFeed(seed: 26);
        feed.Noise(60);
        for (int minute = 0; minute < 20; minute++)
        {
            feed.Batch(Requests, 100, 130, 2);
        }

        Assert.Equal(AnomalyType.LevelShift, feed.Diagnose().Type);
    }

    [Fact]
    public void ExcursionThatHasComeAndGoneIsASpikeAndPlainNoiseHasNoShape()
    {
        var history = new MetricHistory(64);
        long t = Synthetic.Start;
        foreach (double z in new[] { 0.3, -0.8, 0.1, 12, 0.4 })
        {
            t += Synthetic.MinuteMs;
            history.Append(new MetricObservation(t, 100 + (2 * z), 100, 2, 0));
        }

        Assert.Equal(AnomalyType.Spike, AnomalyTypeClassifier.Classify(history, t, DiagnoserOptions.Default));

        for (int i = 0; i < 6; i++)
        {
            t += Synthetic.MinuteMs;
            history.Append(new MetricObservation(t, 100.5, 100, 2, 0));
        }

        Assert.Equal(AnomalyType.None, AnomalyTypeClassifier.Classify(history, t, DiagnoserOptions.Default));
    }

    private static EntityDiagnoser Copy(EntityDiagnoser diagnoser) =>
        SnapshotRoundTrip.Read(SnapshotRoundTrip.Bytes(diagnoser.WriteTo), EntityDiagnoser.ReadFrom);

    // 100 + 30 sin, peaking at 06:00 UTC.
    private static double Cycle(long timestampMs) =>
        100 + (30 * Math.Sin(2 * Math.PI * (timestampMs % Synthetic.DayMs) / Synthetic.DayMs));
}
