namespace Juno.Intelligence.Tests;

public sealed class HoltWintersForecasterTests
{
    private const long Step = 5 * Synthetic.MinuteMs;
    private const double Sigma = 3;

    [Fact]
    public void DailySineForecastBeatsLastValueAndIntervalsCoverNinetyFivePercent()
    {
        var rng = new Random(17);
        var forecaster = new HoltWintersForecaster();
        var horizons = new[] { TimeSpan.FromHours(1), TimeSpan.FromHours(24) };
        var pending = horizons.Select(_ => new Dictionary<long, (ForecastPoint Point, double LastValue)>()).ToArray();
        var absoluteError = new double[horizons.Length];
        var naiveAbsoluteError = new double[horizons.Length];
        var covered95 = new int[horizons.Length];
        var covered80 = new int[horizons.Length];
        var scored = new int[horizons.Length];
        long evaluateFrom = Synthetic.Start + (3 * Synthetic.DayMs);

        for (long t = Synthetic.Start; t < Synthetic.Start + (10 * Synthetic.DayMs); t += Step)
        {
            // One sample somewhere inside each step, so the step mean is that sample.
            long sampledAt = t + rng.NextInt64(Step);
            double value = Synthetic.DailySine(sampledAt) + (Sigma * Synthetic.Gaussian(rng));
            for (int h = 0; h < horizons.Length; h++)
            {
                if (pending[h].Remove(t, out var issued))
                {
                    absoluteError[h] += Math.Abs(value - issued.Point.Mean);
                    naiveAbsoluteError[h] += Math.Abs(value - issued.LastValue);
                    covered95[h] += value >= issued.Point.Lower95 && value <= issued.Point.Upper95 ? 1 : 0;
                    covered80[h] += value >= issued.Point.Lower80 && value <= issued.Point.Upper80 ? 1 : 0;
                    scored[h]++;
                }
            }

            forecaster.Observe(sampledAt, value);
            if (t < evaluateFrom)
            {
                continue;
            }

            for (int h = 0; h < horizons.Length; h++)
            {
                ForecastPoint point = forecaster.Forecast(horizons[h]);
                long targetStep = point.TargetTimestampMs - (point.TargetTimestampMs % Step);
                pending[h][targetStep] = (point, value);
            }
        }

        for (int h = 0; h < horizons.Length; h++)
        {
            Assert.True(scored[h] > 500, $"only {scored[h]} forecasts at {horizons[h]} were scored");
            double mae = absoluteError[h] / scored[h];
            double naiveMae = naiveAbsoluteError[h] / scored[h];
            // A day ahead, the last value is a seasonal-naive forecast of this purely periodic series: a strong
            // baseline whose MAE is the noise's times sqrt(2). Gaussian noise alone has MAE 0.8 sigma.
            Assert.True(mae < naiveMae, $"{horizons[h]}: Holt-Winters MAE {mae:F2} vs last value {naiveMae:F2}");
            Assert.True(mae < 1.1 * Sigma, $"{horizons[h]}: Holt-Winters MAE {mae:F2} for noise sigma {Sigma}");
            Assert.InRange((double)covered95[h] / scored[h], 0.85, 0.99);
            Assert.InRange((double)covered80[h] / scored[h], 0.65, 0.92);
        }
    }

    [Fact]
    public void IntervalsWidenWithTheHorizon()
    {
        var rng = new Random(8);
        var forecaster = new HoltWintersForecaster();
        double drift = 0;
        for (long t = Synthetic.Start; t < Synthetic.Start + (6 * Synthetic.DayMs); t += Step)
        {
            drift += 0.5 * Synthetic.Gaussian(rng);
            forecaster.Observe(t, Synthetic.DailySine(t) + drift + (Sigma * Synthetic.Gaussian(rng)));
        }

        double[] widths = new[] { 0, 5, 15, 60, 180, 360, 1440, 2880, 10080 }
            .Select(minutes => forecaster.Forecast(TimeSpan.FromMinutes(minutes)))
            .Select(point => point.Upper95 - point.Lower95)
            .ToArray();

        for (int i = 1; i < widths.Length; i++)
        {
            Assert.True(widths[i] >= widths[i - 1], $"width shrank from {widths[i - 1]} to {widths[i]} at index {i}");
        }

        Assert.True(widths[^1] > 2 * widths[0], $"a week out ({widths[^1]}) should be far wider than the next step ({widths[0]})");
        ForecastPoint oneHour = forecaster.Forecast(TimeSpan.FromHours(1));
        Assert.True(oneHour.Lower95 < oneHour.Lower80 && oneHour.Lower80 < oneHour.Mean);
        Assert.True(oneHour.Mean < oneHour.Upper80 && oneHour.Upper80 < oneHour.Upper95);
    }

    [Fact]
    public void SamplesInsideOneStepAreAveragedWhenTheStepCloses()
    {
        var forecaster = new HoltWintersForecaster();
        long step0 = Synthetic.Start;
        forecaster.Observe(step0 + 1_000, 10);
        forecaster.Observe(step0 + 2_000, 20);
        forecaster.Observe(step0 + 3_000, 60);
        Assert.Equal(30, forecaster.Forecast(TimeSpan.Zero).Mean);

        forecaster.Observe(step0 + Step, 1000);
        Assert.Equal(30, forecaster.Forecast(TimeSpan.FromMinutes(5)).Mean);
        Assert.Equal(step0 + Step, forecaster.LastTimestampMs);
    }

    [Fact]
    public void SeasonalityIsLearnedOnceAFullSeasonHasClosed()
    {
        var forecaster = new HoltWintersForecaster();
        int seasonLength = forecaster.Options.SeasonLength;
        for (int i = 0; i <= seasonLength; i++)
        {
            Assert.False(forecaster.SeasonalityLearned, $"learned after only {i - 1} closed steps");
            forecaster.Observe(Synthetic.Start + (i * Step), Synthetic.DailySine(Synthetic.Start + (i * Step)));
        }

        Assert.True(forecaster.SeasonalityLearned);

        // With the season learned, the forecast for tomorrow 06:00 follows the sine's peak, not today's last value.
        ForecastPoint peak = forecaster.Forecast(TimeSpan.FromHours(6));
        Assert.InRange(peak.Mean, 125, 135);
    }

    [Fact]
    public void ShortGapIsBridgedWithTheSeasonalForecast()
    {
        var rng = new Random(2);
        var forecaster = new HoltWintersForecaster();
        long t = Synthetic.Start;
        for (; t < Synthetic.Start + (3 * Synthetic.DayMs); t += Step)
        {
            forecaster.Observe(t, Synthetic.DailySine(t) + (Sigma * Synthetic.Gaussian(rng)));
        }

        t += 4 * Synthetic.HourMs;
        forecaster.Observe(t, Synthetic.DailySine(t));
        ForecastPoint next = forecaster.Forecast(TimeSpan.FromHours(1));
        Assert.InRange(next.Mean - Synthetic.DailySine(next.TargetTimestampMs), -4 * Sigma, 4 * Sigma);
    }

    [Fact]
    public void GapLongerThanASeasonCarriesTheTrendForAtMostOneSeason()
    {
        // Undamped and quick to learn a slope, so an unbounded carry would extrapolate the trend across the whole gap.
        var forecaster = new HoltWintersForecaster(new HoltWintersOptions { Phi = 1, Beta = 0.2 });
        long t = Synthetic.Start;
        // A flat first day, so the ramp that follows can't be mistaken for the daily shape.
        for (int i = 0; i < 5 * 288; i++, t += Step)
        {
            forecaster.Observe(t, 100 + (0.05 * Math.Max(0, i - 288)));
        }

        double now = forecaster.Forecast(TimeSpan.Zero).Mean;
        double oneSeasonOfTrend = forecaster.Forecast(TimeSpan.FromDays(1)).Mean - now;
        Assert.True(oneSeasonOfTrend > 5, $"the trend should have been learned, a day adds only {oneSeasonOfTrend}");

        t += 3 * Synthetic.DayMs;
        forecaster.Observe(t, 100 + (0.05 * ((5 + 3 - 1) * 288)));

        Assert.InRange(forecaster.Forecast(TimeSpan.Zero).Mean, now + (0.5 * oneSeasonOfTrend), now + (1.5 * oneSeasonOfTrend));
        double trendAfterGap = forecaster.Forecast(TimeSpan.FromDays(1)).Mean - forecaster.Forecast(TimeSpan.Zero).Mean;
        Assert.InRange(trendAfterGap, -0.1 * oneSeasonOfTrend, 0.1 * oneSeasonOfTrend);
    }

    [Fact]
    public void SamplesForAnAlreadyClosedStepAreDropped()
    {
        var forecaster = new HoltWintersForecaster();
        forecaster.Observe(Synthetic.Start, 10);
        forecaster.Observe(Synthetic.Start + Step, 20);
        byte[] before = SnapshotRoundTrip.Bytes(forecaster.WriteTo);

        forecaster.Observe(Synthetic.Start + 1, 1_000_000);

        Assert.Equal(before, SnapshotRoundTrip.Bytes(forecaster.WriteTo));
    }

    [Fact]
    public void NonFiniteValueThrowsAndBadHorizonsAreRefused()
    {
        var forecaster = new HoltWintersForecaster();
        forecaster.Observe(Synthetic.Start, 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => forecaster.Observe(Synthetic.Start + Step, double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => forecaster.Forecast(TimeSpan.FromMinutes(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => forecaster.Forecast(TimeSpan.FromDays(31)));
        Assert.Equal(Synthetic.Start, forecaster.LastTimestampMs);
    }

    [Fact]
    public void SnapshotRoundTripReproducesFutureForecastsExactly()
    {
        var rng = new Random(4);
        var original = new HoltWintersForecaster(new HoltWintersOptions { Alpha = 0.25, SeasonLength = 96, Step = TimeSpan.FromMinutes(15) });
        long t = Synthetic.Start;
        for (; t < Synthetic.Start + (3 * Synthetic.DayMs) + (7 * Synthetic.MinuteMs); t += Synthetic.MinuteMs)
        {
            original.Observe(t, Synthetic.DailySine(t) + (Sigma * Synthetic.Gaussian(rng)));
        }

        byte[] bytes = SnapshotRoundTrip.Bytes(original.WriteTo);
        HoltWintersForecaster restored = SnapshotRoundTrip.Read(bytes, HoltWintersForecaster.ReadFrom);
        Assert.Equal(original.Options, restored.Options);
        for (; t < Synthetic.Start + (5 * Synthetic.DayMs); t += Synthetic.MinuteMs)
        {
            double value = Synthetic.DailySine(t) + (Sigma * Synthetic.Gaussian(rng));
            original.Observe(t, value);
            restored.Observe(t, value);
            if (t % Synthetic.HourMs == 0)
            {
                Assert.Equal(original.Forecast(TimeSpan.FromHours(2)), restored.Forecast(TimeSpan.FromHours(2)));
                Assert.Equal(original.Forecast(TimeSpan.FromHours(30)), restored.Forecast(TimeSpan.FromHours(30)));
            }
        }

        Assert.Equal(SnapshotRoundTrip.Bytes(original.WriteTo), SnapshotRoundTrip.Bytes(restored.WriteTo));
    }
}
