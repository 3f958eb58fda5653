namespace Juno.Intelligence.Tests;

public sealed class SloBreachPredictorTests
{
    private const int Latency = 2;
    private const int Errors = 3;
    private const int Requests = 4;
    private const double Z95 = 1.959963984540054;

    private static readonly SloTarget[] LatencySlo = [new(Latency, 300)];

    [Fact]
    public void FarBelowTheThresholdWithAFlatTrendIsAboutZeroEvenForAnAnomalousEntity()
    {
        MetricOutlook[] outlooks = Outlooks(Latency, new MetricOutlook(100, 0, 100, 120, 100, 140));

        BreachProbability p = SloBreachPredictor.Predict(LatencySlo, outlooks, anomalyScore: 0.9, anomalyScoreTrend: 0.05);

        Assert.InRange(p.Within15Minutes, 0, 1e-9);
        Assert.InRange(p.Within30Minutes, 0, 1e-9);
        Assert.Equal(Latency, p.DrivingMetric);
    }

    [Fact]
    public void AlreadyPastTheThresholdIsCertain()
    {
        MetricOutlook[] outlooks = Outlooks(Latency, new MetricOutlook(320, -5, 280, 300, 250, 290));

        BreachProbability p = SloBreachPredictor.Predict(LatencySlo, outlooks, 0, 0);

        Assert.Equal(1, p.Within15Minutes);
        Assert.Equal(1, p.Within30Minutes);
        Assert.Equal("latency_p95_ms at 320 already breaches <= 300.", p.Reason);
    }

    [Fact]
    public void TrendingThroughTheThresholdIsLikelyEvenWhenTheForecastLagsBehind()
    {
        // Climbing 10 ms a minute from 250 crosses 300 after 5 minutes; the forecaster hasn't caught on yet.
        MetricOutlook[] outlooks = Outlooks(Latency, new MetricOutlook(250, 10, 252, 270, 255, 290));

        BreachProbability p = SloBreachPredictor.Predict(LatencySlo, outlooks, 0, 0);

        Assert.True(p.Within15Minutes > 0.99, $"P15 = {p.Within15Minutes}");
        Assert.StartsWith("latency_p95_ms at 250 vs <= 300, moving +10/min", p.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ForecastHeadingThroughTheThresholdIsLikelyEvenWithAFlatRecentSlope()
    {
        MetricOutlook[] outlooks = Outlooks(Latency, new MetricOutlook(200, 0, 320, 340, 360, 400));

        BreachProbability p = SloBreachPredictor.Predict(LatencySlo, outlooks, 0, 0);

        Assert.True(p.Within15Minutes > 0.95, $"P15 = {p.Within15Minutes}");
    }

    [Fact]
    public void WithoutDriftTheChanceOfCrossingAtAnyTimeIsTwiceTheChanceOfEndingAbove()
    {
        // σ(15 min) = 10 and σ(1 h) = 20, so σ²(30 min) = 100 + (400 − 100)/3 = 200 by linear interpolation.
        MetricOutlook[] outlooks = Outlooks(Latency, new MetricOutlook(100, 0, 100, 100 + (10 * Z95), 100, 100 + (20 * Z95)));
        SloTarget[] slos = [new(Latency, 100 + (10 * Z95))];

        BreachProbability p = SloBreachPredictor.Predict(slos, outlooks, 0, 0);

        Assert.Equal(2 * 0.025, p.Within15Minutes, tolerance: 1e-6);
        Assert.Equal(0.165776272895704, p.Within30Minutes, tolerance: 1e-6);
    }

    [Fact]
    public void AnomalyScoreAndItsRiseScaleTheHazard()
    {
        MetricOutlook[] outlooks = Outlooks(Latency, new MetricOutlook(100, 0, 100, 100 + (10 * Z95), 100, 100 + (20 * Z95)));
        SloTarget[] slos = [new(Latency, 100 + (10 * Z95))];

        double calm = SloBreachPredictor.Predict(slos, outlooks, 0, 0).Within15Minutes;
        double anomalous = SloBreachPredictor.Predict(slos, outlooks, 0.5, 0).Within15Minutes;
        double falling = SloBreachPredictor.Predict(slos, outlooks, 0.5, -0.05).Within15Minutes;
        double rising = SloBreachPredictor.Predict(slos, outlooks, 0.5, 0.02).Within15Minutes;

        // Hazard ×(1 + 2·0.5): 1 − (1 − 0.05)².
        Assert.Equal(0.0975, anomalous, tolerance: 1e-6);
        Assert.Equal(anomalous, falling);
        Assert.True(rising > anomalous, $"rising {rising} vs steady {anomalous}");
        Assert.True(anomalous > calm);
    }

    [Fact]
    public void ProbabilitiesStayInRangeAndNeverFallWithTheHorizon()
    {
        var rng = new Random(30);
        for (int i = 0; i < 5000; i++)
        {
            double current = 100 + (50 * Synthetic.Gaussian(rng));
            double mean15 = current + (20 * Synthetic.Gaussian(rng));
            double mean1h = mean15 + (40 * Synthetic.Gaussian(rng));
            var outlook = new MetricOutlook(
                current,
                5 * Synthetic.Gaussian(rng),
                mean15,
                mean15 + (30 * rng.NextDouble()),
                mean1h,
                mean1h + (60 * rng.NextDouble()));
            SloTarget[] slos = [new(Latency, 100 + (100 * Synthetic.Gaussian(rng)), rng.Next(2) == 0)];

            BreachProbability p = SloBreachPredictor.Predict(slos, Outlooks(Latency, outlook), rng.NextDouble(), 0.1 * Synthetic.Gaussian(rng));

            Assert.InRange(p.Within15Minutes, 0, 1);
            Assert.InRange(p.Within30Minutes, p.Within15Minutes, 1);
        }
    }

    [Fact]
    public void LowerBoundIsTheMirrorImageOfAnUpperBound()
    {
        // Request rate must stay at or above 50; it is at 60 and falling 1 per minute.
        BreachProbability lower = SloBreachPredictor.Predict(
            [new SloTarget(Requests, 50, UpperBound: false)], Outlooks(Requests, new MetricOutlook(60, -1, 55, 61, 50, 62)), 0.2, 0);
        BreachProbability mirrored = SloBreachPredictor.Predict(
            [new SloTarget(Requests, -50)], Outlooks(Requests, new MetricOutlook(-60, 1, -55, -49, -50, -38)), 0.2, 0);

        Assert.InRange(lower.Within30Minutes, 0.3, 1);
        Assert.Equal(mirrored.Within15Minutes, lower.Within15Minutes, tolerance: 1e-12);
        Assert.Equal(mirrored.Within30Minutes, lower.Within30Minutes, tolerance: 1e-12);
    }

    [Fact]
    public void TheMostLikelyBreachDrivesTheEntity()
    {
        var outlooks = new MetricOutlook[5];
        outlooks[Latency] = new MetricOutlook(120, 0, 120, 140, 120, 160);
        outlooks[Errors] = new MetricOutlook(0.008, 0.0005, 0.009, 0.011, 0.012, 0.016);
        SloTarget[] slos = [new(Latency, 300), new(Errors, 0.01)];

        BreachProbability p = SloBreachPredictor.Predict(slos, outlooks, 0, 0);
        BreachProbability errorsOnly = SloBreachPredictor.Predict(slos[1..], outlooks, 0, 0);

        Assert.Equal(Errors, p.DrivingMetric);
        Assert.Equal(errorsOnly, p);
        Assert.True(p.Within15Minutes > 0.5, $"P15 = {p.Within15Minutes}");
    }

    [Fact]
    public void NoSlosMeansNoRisk() =>
        Assert.Equal(new BreachProbability(0, 0, -1, "No SLOs to predict."), SloBreachPredictor.Predict([], [], 0, 0));

    [Fact]
    public void BadArgumentsAreRejectedNamingTheParameter()
    {
        MetricOutlook[] outlooks = Outlooks(Latency, new MetricOutlook(100, 0, 100, 120, 100, 140));
        MetricOutlook[] notFinite = Outlooks(Latency, new MetricOutlook(double.NaN, 0, 100, 120, 100, 140));

        Assert.Equal("slos", Throws(() => SloBreachPredictor.Predict([new SloTarget(5, 1)], outlooks, 0, 0)));
        Assert.Equal("slos", Throws(() => SloBreachPredictor.Predict([new SloTarget(-1, 1)], outlooks, 0, 0)));
        Assert.Equal("slos", Throws(() => SloBreachPredictor.Predict([new SloTarget(Latency, double.NaN)], outlooks, 0, 0)));
        Assert.Equal("outlooks", Throws(() => SloBreachPredictor.Predict(LatencySlo, notFinite, 0, 0)));
        Assert.Equal("anomalyScore", Throws(() => SloBreachPredictor.Predict(LatencySlo, outlooks, 1.2, 0)));
        Assert.Equal("anomalyScore", Throws(() => SloBreachPredictor.Predict(LatencySlo, outlooks, double.NaN, 0)));
        Assert.Equal("anomalyScoreTrend", Throws(() => SloBreachPredictor.Predict(LatencySlo, outlooks, 0, double.PositiveInfinity)));

        static string? Throws(Action predict) => Assert.Throws<ArgumentOutOfRangeException>(predict).ParamName;
    }

    [Fact]
    public void OutlookIsBuiltFromForecastPoints()
    {
        var in15 = new ForecastPoint(0, 110, 100, 120, 95, 125);
        var in1h = new ForecastPoint(0, 130, 110, 150, 100, 160);
        Assert.Equal(new MetricOutlook(105, 0.5, 110, 125, 130, 160), MetricOutlook.From(105, 0.5, in15, in1h));
    }

    private static MetricOutlook[] Outlooks(int metric, MetricOutlook outlook)
    {
        var outlooks = new MetricOutlook[EntityDiagnoser.Metrics];
        outlooks[metric] = outlook;
        return outlooks;
    }
}
