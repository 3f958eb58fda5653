namespace Juno.Intelligence.Tests;

public sealed class EntityDiagnoserTests
{
    private const int Cpu = 0;
    private const int Memory = 1;
    private const int Latency = 2;
    private const int Errors = 3;
    private const int Requests = 4;

    [Fact]
    public void TwoMetricsModeratelyOffTogetherOutscoreOneMetricFurtherOff()
    {
        var pair = new DiagnoserFeed(seed: 1);
        var single = new DiagnoserFeed(seed: 1);
        pair.Noise(120);
        single.Noise(120);

        pair.Batch(0, 0, 5, 5, 0);
        single.Batch(0, 0, 6, 0, 0);
        EntityDiagnosis together = pair.Diagnose();
        EntityDiagnosis alone = single.Diagnose();

        // The maximum of detector scores would rank them the other way: z = 6 scores 0.38, z = 5 scores 0.18.
        Assert.True(together.Score > alone.Score, $"latency+errors at 5 scored {together.Score}, latency at 6 scored {alone.Score}");
        Assert.InRange(together.Score, 0.3, 0.6);
        Assert.InRange(alone.Score, 0.05, 0.3);
        Assert.Equal(AnomalySeverity.None, alone.Severity);
        Assert.NotEqual(AnomalySeverity.None, together.Severity);
    }

    [Fact]
    public void ScoreIsTheChiSquareTailReadThroughTheDetectorsLogistic()
    {
        // Before any correlation is learned S = I, so d² = 25 + 25 over five fresh metrics: P(χ²₅ > 50) = 1.39e-9, the
        // two-sided tail of z = 6.057, which the logistic at 6.5 maps to 0.391.
        var feed = new DiagnoserFeed(seed: 11);
        feed.Batch(0, 0, 5, 5, 0);
        Assert.Equal(0.391, feed.Diagnose().Score, tolerance: 1e-3);
    }

    [Fact]
    public void MetricsThatUsuallyMoveTogetherCountAboutOnceWhenTheyDoSoAgain()
    {
        var feed = new DiagnoserFeed(seed: 2);
        var untrained = new DiagnoserFeed(seed: 2);

        // CPU and request rate share a common driver (load); the other residuals are independent.
        for (int minute = 0; minute < 600; minute++)
        {
            double load = feed.Gaussian();
            feed.Batch((m, noise) => m is Cpu or Requests ? load + (0.3 * noise) : noise);
        }

        untrained.Noise(1);
        Assert.Equal(AnomalySeverity.None, feed.Diagnoser.Diagnose(feed.Last).Severity);
        double correlation = CorrelationOf(feed.Diagnoser, Cpu, Requests);
        Assert.InRange(correlation, 0.6, 0.8);
        Assert.InRange(Math.Abs(CorrelationOf(feed.Diagnoser, Latency, Errors)), 0, 0.1);

        double usual = ScoreAfter(Copy(feed.Diagnoser), feed.Last, 5, 0, 0, 0, 5);
        double independentPair = ScoreAfter(Copy(feed.Diagnoser), feed.Last, 0, 0, 5, 5, 0);
        double opposed = ScoreAfter(Copy(feed.Diagnoser), feed.Last, 5, 0, 0, 0, -5);
        double beforeLearning = ScoreAfter(untrained.Diagnoser, untrained.Last, 5, 0, 0, 0, 5);

        Assert.True(usual < independentPair, $"cpu+requests together {usual} vs latency+errors {independentPair}");
        Assert.True(usual < beforeLearning, $"learned {usual} vs untrained {beforeLearning}");
        Assert.True(opposed > independentPair, $"cpu up while requests fall {opposed} vs independent pair {independentPair}");
    }

    [Fact]
    public void CorrelationIsLearnedAmongTheMetricsAnEntityReports()
    {
        // A batch job: no request rate is ever scraped, and CPU and memory share a driver.
        var diagnoser = new EntityDiagnoser();
        var rng = new Random(12);
        long t = Synthetic.Start;
        for (int minute = 0; minute < 300; minute++, t += Synthetic.MinuteMs)
        {
            double load = Synthetic.Gaussian(rng);
            for (int m = Cpu; m < Requests; m++)
            {
                double z = m is Cpu or Memory ? load + (0.3 * Synthetic.Gaussian(rng)) : Synthetic.Gaussian(rng);
                diagnoser.Observe(m, new MetricObservation(t, 100 + (2 * z), 100, 2, 0));
            }
        }

        Assert.InRange(CorrelationOf(diagnoser, Cpu, Memory), 0.55, 0.8);
        Assert.Equal(0, CorrelationOf(diagnoser, Cpu, Requests));
    }

    [Fact]
    public void DriversAreTheMetricsWithMeaningfulSharesLargestFirst()
    {
        var feed = new DiagnoserFeed(seed: 3);
        feed.Noise(60);
        feed.Batch(2.5, 0, 9, -6, 0);
        EntityDiagnosis diagnosis = feed.Diagnose();

        Assert.Equal([Latency, Errors], diagnosis.Drivers.Select(d => d.Metric));
        Assert.Equal(9, diagnosis.Drivers[0].Deviation, tolerance: 1e-12);
        Assert.Equal(-6, diagnosis.Drivers[1].Deviation, tolerance: 1e-12);
        Assert.True(diagnosis.Drivers[0].Share > diagnosis.Drivers[1].Share);
        Assert.InRange(diagnosis.Drivers.Sum(d => d.Share), 0.9, 1.0);
        Assert.Equal(1 / (1 + Math.Exp(-(9 - 6.5))), diagnosis.Drivers[0].Score, tolerance: 1e-12);
        Assert.StartsWith("Critical spike led by latency_p95_ms +9.0 sigma", diagnosis.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void NormalNoiseHasNoDiagnosis()
    {
        var feed = new DiagnoserFeed(seed: 4);
        double worst = 0;
        for (int minute = 0; minute < 2000; minute++)
        {
            feed.Noise(1);
            EntityDiagnosis diagnosis = feed.Diagnose();
            worst = Math.Max(worst, diagnosis.Score);
            Assert.Equal(AnomalySeverity.None, diagnosis.Severity);
            Assert.Empty(diagnosis.Drivers);
        }

        Assert.True(worst < 0.1, $"noise peaked at {worst}");
    }

    [Fact]
    public void StaleMetricsAreLeftOutAndNoFreshOnesMeansNoDiagnosis()
    {
        var feed = new DiagnoserFeed(seed: 5);
        feed.Batch(0, 0, 9, 0, 0);
        Assert.Equal([Latency], feed.Diagnose().Drivers.Select(d => d.Metric));

        long later = feed.Last + (16 * Synthetic.MinuteMs);
        EntityDiagnosis stale = feed.Diagnoser.Diagnose(later);
        Assert.Equal(0, stale.Score);
        Assert.Equal(AnomalySeverity.None, stale.Severity);
        Assert.Equal("No recent observations.", stale.Summary);
    }

    [Fact]
    public void UserFacingAndBroadAnomaliesAreMoreSevereThanResourceOnlyOnesOfTheSameSize()
    {
        AnomalySeverity resources = SeverityOf(6, 6, 0, 0, 0);
        AnomalySeverity userFacing = SeverityOf(0, 0, 6, 6, 0);
        AnomalySeverity broad = SeverityOf(5, 0, 5, 5, 0);

        Assert.Equal(AnomalySeverity.Medium, resources);
        Assert.Equal(AnomalySeverity.High, userFacing);
        Assert.Equal(AnomalySeverity.Critical, broad);

        static AnomalySeverity SeverityOf(params double[] deviations)
        {
            var feed = new DiagnoserFeed(seed: 6);
            feed.Noise(60);
            feed.Batch(deviations);
            return feed.Diagnose().Severity;
        }
    }

    [Theory]
    [InlineData(0.29, 3, true, AnomalySeverity.None)]
    [InlineData(0.3, 1, false, AnomalySeverity.Low)]
    [InlineData(0.3, 1, true, AnomalySeverity.Medium)]
    [InlineData(0.6, 1, false, AnomalySeverity.Medium)]
    [InlineData(0.6, 3, false, AnomalySeverity.High)]
    [InlineData(0.85, 1, false, AnomalySeverity.High)]
    [InlineData(0.999, 5, false, AnomalySeverity.High)]
    [InlineData(0.85, 1, true, AnomalySeverity.Critical)]
    [InlineData(0.6, 3, true, AnomalySeverity.Critical)]
    [InlineData(0.97, 1, true, AnomalySeverity.Critical)]
    public void SeverityFollowsTheDocumentedTable(double score, int involved, bool userFacing, AnomalySeverity expected) =>
        Assert.Equal(expected, SeverityRules.Classify(score, involved, userFacing));

    [Fact]
    public void SeverityNeverFallsAsScoreBreadthOrUserImpactRise()
    {
        for (int involved = 0; involved <= 5; involved++)
        {
            foreach (bool userFacing in new[] { false, true })
            {
                AnomalySeverity previous = AnomalySeverity.None;
                for (double score = 0; score <= 1; score += 0.001)
                {
                    AnomalySeverity severity = SeverityRules.Classify(score, involved, userFacing);
                    Assert.True(severity >= previous, $"score {score} dropped severity to {severity}");
                    Assert.True(severity >= SeverityRules.Classify(score, involved - 1, userFacing));
                    Assert.True(severity <= SeverityRules.Classify(score, involved, userFacing: true));
                    previous = severity;
                }
            }
        }
    }

    [Fact]
    public void SnapshotRestoresADiagnoserThatDiagnosesIdentically()
    {
        var options = new DiagnoserOptions { HistoryLength = 40, ExcursionSigmas = 3.5 };
        var original = new DiagnoserFeed(seed: 7, new EntityDiagnoser(options));
        original.Noise(300);
        for (int minute = 0; minute < 12; minute++)
        {
            original.Batch((m, noise) => m == Latency ? 8 + noise : m == Errors ? 4 + noise : noise);
        }

        byte[] bytes = SnapshotRoundTrip.Bytes(original.Diagnoser.WriteTo);
        EntityDiagnoser restored = SnapshotRoundTrip.Read(bytes, EntityDiagnoser.ReadFrom);
        Assert.Equal(options, restored.Options);
        Assert.Equal(bytes, SnapshotRoundTrip.Bytes(restored.WriteTo));
        AssertSameDiagnosis(original.Diagnose(), restored.Diagnose(original.Last));
        Assert.Equal(original.Diagnoser.Slope(Latency), restored.Slope(Latency));

        // Both go on to learn the same way.
        var continued = new DiagnoserFeed(seed: 8, restored, original.Last);
        var reference = new DiagnoserFeed(seed: 8, original.Diagnoser, original.Last);
        continued.Noise(30);
        reference.Noise(30);
        continued.Batch(0, 7, 0, 0, 0);
        reference.Batch(0, 7, 0, 0, 0);
        AssertSameDiagnosis(reference.Diagnose(), continued.Diagnose());
    }

    [Fact]
    public void SnapshotOfAnotherFormatVersionIsRefused()
    {
        byte[] bytes = SnapshotRoundTrip.Bytes(new EntityDiagnoser().WriteTo);
        bytes[0] = 99;
        var error = Assert.Throws<InvalidDataException>(() => SnapshotRoundTrip.Read(bytes, EntityDiagnoser.ReadFrom));
        Assert.Contains("format version 99", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ObserveDoesNotAllocateAfterWarmUp()
    {
        var diagnoser = new EntityDiagnoser();
        var rng = new Random(9);
        long t = Synthetic.Start;
        var observations = new MetricObservation[5000];
        for (int i = 0; i < observations.Length; i++)
        {
            observations[i] = new MetricObservation(t + (i / 5 * 15_000), 100 + Synthetic.Gaussian(rng), 100, 1, 0.01);
        }

        for (int i = 0; i < 500; i++)
        {
            diagnoser.Observe(i % 5, observations[i]);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 500; i < observations.Length; i++)
        {
            diagnoser.Observe(i % 5, observations[i]);
        }

        double slope = diagnoser.Slope(Memory);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(double.IsFinite(slope));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(5)]
    public void MetricOutOfRangeIsRejectedNamingTheParameter(int metric)
    {
        var diagnoser = new EntityDiagnoser();
        var error = Assert.Throws<ArgumentOutOfRangeException>(
            () => diagnoser.Observe(metric, new MetricObservation(Synthetic.Start, 1, 1, 1, 0)));
        Assert.Equal("metric", error.ParamName);
        Assert.Equal("metric", Assert.Throws<ArgumentOutOfRangeException>(() => diagnoser.Slope(metric)).ParamName);
    }

    [Theory]
    [InlineData(double.NaN, 1, 1, 0)]
    [InlineData(1, double.PositiveInfinity, 1, 0)]
    [InlineData(1, 1, 0, 0)]
    [InlineData(1, 1, -1, 0)]
    [InlineData(1, 1, double.NaN, 0)]
    [InlineData(1, 1, 1, 1.5)]
    [InlineData(1, 1, 1, double.NaN)]
    public void NonFiniteOrOutOfRangeObservationIsRejectedAndLeavesTheDiagnoserUnchanged(
        double value, double expected, double scale, double score)
    {
        var diagnoser = new EntityDiagnoser();
        var error = Assert.Throws<ArgumentOutOfRangeException>(
            () => diagnoser.Observe(Latency, new MetricObservation(Synthetic.Start, value, expected, scale, score)));
        Assert.Equal("observation", error.ParamName);
        Assert.Equal("No recent observations.", diagnoser.Diagnose(Synthetic.Start).Summary);
    }

    [Fact]
    public void InvalidOptionsAreRejectedNamingTheOption()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new EntityDiagnoser(new DiagnoserOptions { HistoryLength = 2 }));
        Assert.Equal(nameof(DiagnoserOptions.HistoryLength), error.ParamName);
        error = Assert.Throws<ArgumentOutOfRangeException>(() => new EntityDiagnoser(new DiagnoserOptions { CorrelationShrinkage = 0 }));
        Assert.Equal(nameof(DiagnoserOptions.CorrelationShrinkage), error.ParamName);
    }

    [Fact]
    public void OlderOrRepeatedTimestampsAreIgnored()
    {
        var feed = new DiagnoserFeed(seed: 10);
        feed.Noise(30);
        feed.Batch(0, 0, 9, 0, 0);
        EntityDiagnosis before = feed.Diagnose();
        feed.Diagnoser.Observe(Latency, new MetricObservation(feed.Last, 100, 100, 2, 0));
        feed.Diagnoser.Observe(Latency, new MetricObservation(feed.Last - 1, 100, 100, 2, 0));
        AssertSameDiagnosis(before, feed.Diagnose());
    }

    [Fact]
    public void SlopeIsTheRecentChangePerMinute()
    {
        var diagnoser = new EntityDiagnoser();
        for (int i = 0; i < 80; i++)
        {
            // 15-second scrapes of a value climbing 3 per minute.
            long t = Synthetic.Start + (i * 15_000L);
            diagnoser.Observe(Memory, new MetricObservation(t, 10 + (0.75 * i), 10, 1, 0));
        }

        Assert.Equal(3, diagnoser.Slope(Memory), tolerance: 1e-9);
        Assert.Equal(0, diagnoser.Slope(Cpu));
    }

    private static double ScoreAfter(EntityDiagnoser diagnoser, long last, params double[] deviations)
    {
        var feed = new DiagnoserFeed(seed: 0, diagnoser, last);
        feed.Batch(deviations);
        return feed.Diagnose().Score;
    }

    private static EntityDiagnoser Copy(EntityDiagnoser diagnoser) =>
        SnapshotRoundTrip.Read(SnapshotRoundTrip.Bytes(diagnoser.WriteTo), EntityDiagnoser.ReadFrom);

    private static double CorrelationOf(EntityDiagnoser diagnoser, int a, int b) =>
        diagnoser.Correlation.Correlation(a, b, diagnoser.Options.CorrelationShrinkage);

    private static void AssertSameDiagnosis(EntityDiagnosis expected, EntityDiagnosis actual)
    {
        Assert.Equal(expected.Score, actual.Score);
        Assert.Equal(expected.Severity, actual.Severity);
        Assert.Equal(expected.Type, actual.Type);
        Assert.Equal(expected.Drivers, actual.Drivers);
        Assert.Equal(expected.Summary, actual.Summary);
    }
}
