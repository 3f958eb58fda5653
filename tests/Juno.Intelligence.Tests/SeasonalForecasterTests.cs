namespace Juno.Intelligence.Tests;

public sealed class SeasonalForecasterTests
{
    private const long Step = 5 * Synthetic.MinuteMs;
    private const double Sigma = 3;

    // A daily sine, 25 lower on Saturdays and Sundays (UTC): a weekly shape a daily-only model cannot hold.
    private static double Weekly(long t) =>
        Synthetic.DailySine(t) - (DateTimeOffset.FromUnixTimeMilliseconds(t).DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 25 : 0);

    [Fact]
    public void AWeeklyShapeIsLearnedWithCalibratedIntervals()
    {
        var rng = new Random(11);
        Run(new SeasonalForecaster(), 35, t => Weekly(t) + (Sigma * Synthetic.Gaussian(rng)), 21, out Scores[] scores, out SeasonalForecaster forecaster);
        rng = new Random(11);
        Run(new SeasonalForecaster(SeasonalForecasterOptions.Default with { Omega = 0 }), 35, t => Weekly(t) + (Sigma * Synthetic.Gaussian(rng)), 21, out Scores[] dailyOnly, out _);

        Assert.True(forecaster.UsesWeeklyAt(TimeSpan.FromHours(24)), "a day ahead the weekly candidate must be chosen");
        Assert.True(scores[2].Mae < 0.75 * dailyOnly[2].Mae, $"24 h: MAE {scores[2].Mae:F2} with the weekly profile, {dailyOnly[2].Mae:F2} daily only");
        foreach (Scores s in scores)
        {
            Assert.InRange(s.Covered80, 0.72, 0.88);
            Assert.InRange(s.Covered95, 0.90, 0.99);
        }

        // Seasonal naive (a week back) errs by the difference of two noises, MAE 0.80 sigma sqrt(2) = 3.39, near the best
        // there is on a clean weekly series (the noise's own 2.39). Measured: 2.97 / 3.07 / 3.47 against 3.35 at 15 min,
        // 1 h and 24 h. A day ahead it is level with naive, not better: level and daily profile are pulled by every
        // weekend and the weekly profile has had three weeks. On real demand it is well ahead (README).
        Assert.True(scores[0].Mae < 0.95 * scores[0].NaiveMae, $"15 min: MAE {scores[0].Mae:F2} vs seasonal naive {scores[0].NaiveMae:F2}");
        Assert.True(scores[1].Mae < 0.95 * scores[1].NaiveMae, $"1 h: MAE {scores[1].Mae:F2} vs seasonal naive {scores[1].NaiveMae:F2}");
        Assert.True(scores[2].Mae < 1.05 * scores[2].NaiveMae, $"24 h: MAE {scores[2].Mae:F2} vs seasonal naive {scores[2].NaiveMae:F2}");
    }

    [Fact]
    public void APersistentSurpriseIsCarriedIntoTheNextHours()
    {
        // AR(1) noise (0.95 per step) on the daily sine: what runs high now stays high for a while.
        double ar = 0;
        var rng = new Random(12);
        double Next(long t) => Synthetic.DailySine(t) + (ar = (0.95 * ar) + (Sigma * Synthetic.Gaussian(rng)));
        Run(new SeasonalForecaster(), 21, Next, 14, out Scores[] with, out _);

        ar = 0;
        rng = new Random(12);
        Run(new SeasonalForecaster(SeasonalForecasterOptions.Default with { MaxResidualPersistence = 0 }), 21, Next, 14, out Scores[] without, out _);

        // For AR(1) noise the best k-step error shrinks by sqrt(1 - phi^2k) against ignoring it: 0.51 at 3 steps, 0.84 at 12.
        Assert.True(with[0].Mae < 0.6 * without[0].Mae, $"15 min: {with[0].Mae:F2} with the residual term, {without[0].Mae:F2} without");
        Assert.True(with[1].Mae < 0.9 * without[1].Mae, $"1 h: {with[1].Mae:F2} with the residual term, {without[1].Mae:F2} without");
    }

    [Fact]
    public void OneHugeOutlierMovesTomorrowsForecastByABoundedAmount()
    {
        var clean = new SeasonalForecaster();
        var spiked = new SeasonalForecaster();
        var rng = new Random(13);
        long t = Synthetic.Start;
        for (; t < Synthetic.Start + (14 * Synthetic.DayMs); t += Step)
        {
            double value = Synthetic.DailySine(t) + (Sigma * Synthetic.Gaussian(rng));
            clean.Observe(t, value);
            spiked.Observe(t, t == Synthetic.Start + (10 * Synthetic.DayMs) ? value * 100 : value);
        }

        // Four days later, the forecast for the outlier's time of day: the clip limits what one step can teach.
        double difference = Math.Abs(spiked.Forecast(TimeSpan.FromHours(24)).Mean - clean.Forecast(TimeSpan.FromHours(24)).Mean);
        Assert.True(difference < Sigma, $"a 100x outlier moved tomorrow's forecast by {difference:F2}");
    }

    [Fact]
    public void SnapshotRoundTripGivesIdenticalForecasts()
    {
        var rng = new Random(14);
        var original = new SeasonalForecaster();
        long t = Synthetic.Start;
        for (; t < Synthetic.Start + (9 * Synthetic.DayMs); t += Step)
        {
            original.Observe(t, Weekly(t) + Synthetic.Gaussian(rng));
        }

        byte[] bytes = SnapshotRoundTrip.Bytes(original.WriteTo);
        SeasonalForecaster restored = SnapshotRoundTrip.Read(bytes, SeasonalForecaster.ReadFrom);
        for (int i = 0; i < 600; i++, t += Step)
        {
            double value = Weekly(t) + Synthetic.Gaussian(rng);
            original.Observe(t, value);
            restored.Observe(t, value);
            Assert.Equal(original.Forecast(TimeSpan.FromHours(1)), restored.Forecast(TimeSpan.FromHours(1)));
        }

        Assert.Equal(SnapshotRoundTrip.Bytes(original.WriteTo), SnapshotRoundTrip.Bytes(restored.WriteTo));
    }

    [Fact]
    public void EdgesAreDecided()
    {
        var forecaster = new SeasonalForecaster();
        Assert.Equal(0, forecaster.Forecast(TimeSpan.FromHours(1)).Mean);
        forecaster.Observe(Synthetic.Start, 42);
        Assert.Equal(42, forecaster.Forecast(TimeSpan.FromHours(1)).Mean, 9);

        Assert.Throws<ArgumentOutOfRangeException>(() => forecaster.Observe(Synthetic.Start + Step, double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => forecaster.Observe(Synthetic.Start + Step, double.PositiveInfinity));
        Assert.Throws<ArgumentOutOfRangeException>(() => forecaster.Forecast(TimeSpan.FromDays(31)));
        Assert.Throws<ArgumentOutOfRangeException>(() => forecaster.Forecast(TimeSpan.FromMinutes(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SeasonalForecaster(SeasonalForecasterOptions.Default with { Step = TimeSpan.FromMinutes(7) }));

        // A sample for a step that already closed is ignored.
        forecaster.Observe(Synthetic.Start + (2 * Step), 50);
        forecaster.Observe(Synthetic.Start + (3 * Step), 50);
        byte[] before = SnapshotRoundTrip.Bytes(forecaster.WriteTo);
        forecaster.Observe(Synthetic.Start + Step, 1_000);
        Assert.Equal(before, SnapshotRoundTrip.Bytes(forecaster.WriteTo));
    }

    [Fact]
    public void ObserveDoesNotAllocate()
    {
        var forecaster = new SeasonalForecaster();
        var rng = new Random(15);
        long t = Synthetic.Start;
        for (int i = 0; i < 3000; i++, t += Synthetic.MinuteMs)
        {
            forecaster.Observe(t, Weekly(t) + Synthetic.Gaussian(rng));
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 3000; i++, t += Synthetic.MinuteMs)
        {
            forecaster.Observe(t, Weekly(t) + Synthetic.Gaussian(rng));
            _ = forecaster.Forecast(TimeSpan.FromHours(1));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    // Streams `days` days of 5-minute samples; from day `scoreFrom` on, forecasts 15 min, 1 h and 24 h ahead are scored
    // against the value that arrives, and against seasonal naive (the value a week before the target).
    private static void Run(SeasonalForecaster forecaster, int days, Func<long, double> value, int scoreFrom, out Scores[] scores, out SeasonalForecaster used)
    {
        TimeSpan[] horizons = [TimeSpan.FromMinutes(15), TimeSpan.FromHours(1), TimeSpan.FromHours(24)];
        scores = [.. horizons.Select(h => new Scores(h))];
        var history = new Dictionary<long, double>();
        var pending = horizons.Select(_ => new Dictionary<long, ForecastPoint>()).ToArray();
        for (long t = Synthetic.Start; t < Synthetic.Start + (days * Synthetic.DayMs); t += Step)
        {
            double v = value(t);
            history[t] = v;
            for (int h = 0; h < horizons.Length; h++)
            {
                if (pending[h].Remove(t, out ForecastPoint issued) && history.TryGetValue(t - (7 * Synthetic.DayMs), out double weekAgo))
                {
                    scores[h].Add(v, issued, weekAgo);
                }
            }

            forecaster.Observe(t, v);
            if (t >= Synthetic.Start + (scoreFrom * Synthetic.DayMs))
            {
                for (int h = 0; h < horizons.Length; h++)
                {
                    pending[h][t + (long)horizons[h].TotalMilliseconds] = forecaster.Forecast(horizons[h]);
                }
            }
        }

        used = forecaster;
    }

    private sealed class Scores(TimeSpan horizon)
    {
        private double _error;
        private double _naiveError;
        private int _inside80;
        private int _inside95;
        private int _count;

        public TimeSpan Horizon => horizon;

        public double Mae => _error / _count;

        public double NaiveMae => _naiveError / _count;

        public double Covered80 => (double)_inside80 / _count;

        public double Covered95 => (double)_inside95 / _count;

        public void Add(double actual, ForecastPoint forecast, double weekAgo)
        {
            _error += Math.Abs(actual - forecast.Mean);
            _naiveError += Math.Abs(actual - weekAgo);
            _inside80 += actual >= forecast.Lower80 && actual <= forecast.Upper80 ? 1 : 0;
            _inside95 += actual >= forecast.Lower95 && actual <= forecast.Upper95 ? 1 : 0;
            _count++;
        }
    }
}
