using Juno.Evaluation.Forecasting;
using Juno.Evaluation.Nab;
using Juno.Intelligence;

namespace Juno.Evaluation.Tests;

public sealed class ForecastEvaluationTests
{
    private static readonly TimeSpan HalfHour = TimeSpan.FromMinutes(30);

    [Fact]
    public void MetricsAreWhatTheFormulasGive()
    {
        var score = new HorizonScore(stepsAhead: 1, maseScale: 2);
        score.Add(100, new ForecastPoint(0, 90, 85, 95, 80, 120));  // |e| 10, outside 80%, inside 95%
        score.Add(50, new ForecastPoint(0, 55, 45, 60, 40, 70));    // |e| 5, inside both

        Assert.Equal(15.0 / 150, score.Mape, 12);
        Assert.Equal(((20.0 / 190) + (10.0 / 105)) / 2, score.Smape, 12);
        Assert.Equal(7.5 / 2, score.Mase, 12);
        Assert.Equal(Math.Sqrt(125 / 2.0), score.Rmse, 12);
        Assert.Equal(0.5, score.Coverage80);
        Assert.Equal(1.0, score.Coverage95);
    }

    [Fact]
    public void RowsAreBucketedIntoStepsWithGapsLeftEmpty()
    {
        long start = 1_400_000_400_000 - (1_400_000_400_000 % (long)HalfHour.TotalMilliseconds);
        long[] times = [start, start + 60_000, start + (2 * 1_800_000)];
        RegularSeries series = RegularSeries.From("s", times, [1, 3, 7], HalfHour);

        Assert.Equal(start, series.StartMs);
        Assert.Equal(2, series.Values[0]);
        Assert.True(double.IsNaN(series.Values[1]));
        Assert.Equal(7, series.Values[2]);
        Assert.Equal(TimeSpan.FromMinutes(5), RegularSeries.TypicalStep([0, 300_000, 610_000, 900_000, 1_200_000]));
    }

    [Fact]
    public void SeasonalNaiveIsExactOnAWeeklyPeriodicSeriesAndNothingIsForecastFromTheFuture()
    {
        // Three weeks of a series that repeats every week exactly: one week back is the truth.
        int week = 7 * 48;
        double[] values = [.. Enumerable.Range(0, 3 * week).Select(i => 100 + (i % week))];
        var series = new RegularSeries("weekly", 0, HalfHour, values);
        var spy = new CausalitySpy(new SeasonalNaive(week));

        IReadOnlyList<HorizonScore> scores = RollingOrigin.Evaluate(series, spy, [1, 5, 48], week + 10);

        Assert.All(scores, s => Assert.Equal(0, s.Mape));
        Assert.Equal([values.Length - (week + 10) - 1, values.Length - (week + 10) - 5, values.Length - (week + 10) - 48], scores.Select(s => s.Count));
        Assert.True(spy.Forecasts > 0);
    }

    [Fact]
    public void OnNycTaxiTheGrainsForecasterBeatsSeasonalNaiveAtEveryHorizon()
    {
        string data = Path.GetDirectoryName(NabDataLocator.FindOrThrow(AppContext.BaseDirectory))!;
        (long[] times, double[] values) = SeriesCsv.Read(Path.Combine(data, "forecast", "nyc_taxi.csv"));
        RegularSeries taxi = RegularSeries.From("nyc_taxi", times, values, HalfHour);
        int[] horizons = [1, 2, 5, 48];
        int from = taxi.Count - 7515;

        IReadOnlyList<HorizonScore> naive = RollingOrigin.Evaluate(taxi, new SeasonalNaive(taxi.StepsPerWeek), horizons, from);
        IReadOnlyList<HorizonScore> ours = RollingOrigin.Evaluate(
            taxi, StreamingModels.Seasonal("default", SeasonalForecasterOptions.Default with { Step = HalfHour }), horizons, from);

        for (int h = 0; h < horizons.Length; h++)
        {
            Assert.True(ours[h].Mase < naive[h].Mase, $"{horizons[h]} steps: MASE {ours[h].Mase:F3} vs seasonal naive {naive[h].Mase:F3}");
            Assert.InRange(ours[h].Coverage80, 0.72, 0.92);
            Assert.InRange(ours[h].Coverage95, 0.90, 0.99);
        }
    }

    // Fails the test if a forecast is asked for a step the model has already been shown.
    private sealed class CausalitySpy(IForecastModel inner) : IForecastModel
    {
        private int _lastSeen = -1;

        public string Name => inner.Name;

        public int Forecasts { get; private set; }

        public void Observe(int index, long timestampMs, double value)
        {
            Assert.Equal(_lastSeen + 1, index);
            _lastSeen = index;
            inner.Observe(index, timestampMs, value);
        }

        public ForecastPoint Forecast(int stepsAhead)
        {
            Assert.True(stepsAhead >= 1);
            Forecasts++;
            return inner.Forecast(stepsAhead);
        }
    }
}
