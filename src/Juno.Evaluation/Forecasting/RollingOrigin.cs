using Juno.Intelligence;

namespace Juno.Evaluation.Forecasting;

/// <summary>
/// Rolling-origin evaluation: the forecaster sees the series one step at a time; after every step from
/// <c>evaluateFrom</c> on it forecasts each horizon, and the forecast is scored when (and if) the target step has data.
/// No forecast is made with a step it should not yet have seen.
/// </summary>
public static class RollingOrigin
{
    /// <param name="evaluateFrom">First origin scored; the steps before it are training only and set MASE's scale.</param>
    public static IReadOnlyList<HorizonScore> Evaluate(RegularSeries series, IForecastModel model, IReadOnlyList<int> stepsAhead, int evaluateFrom)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(stepsAhead);
        int season = series.StepsPerWeek;
        if (evaluateFrom <= season || evaluateFrom >= series.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(evaluateFrom), evaluateFrom, $"{series.Name}: training must hold more than a week of steps and leave some to score.");
        }

        double scale = MaseScale(series.Values.AsSpan(0, evaluateFrom), season);
        var scores = stepsAhead.Select(h => new HorizonScore(h, scale)).ToArray();
        double[] values = series.Values;
        for (int origin = 0; origin < series.Count; origin++)
        {
            model.Observe(origin, series.TimestampOf(origin), values[origin]);
            if (origin < evaluateFrom)
            {
                continue;
            }

            foreach (HorizonScore score in scores)
            {
                int target = origin + score.StepsAhead;
                if (target >= series.Count || double.IsNaN(values[target]))
                {
                    continue;
                }

                ForecastPoint forecast = model.Forecast(score.StepsAhead);
                if (!double.IsNaN(forecast.Mean))
                {
                    score.Add(values[target], forecast);
                }
            }
        }

        return scores;
    }

    /// <summary>Mean absolute one-season difference over the training steps (pairs with data on both ends).</summary>
    public static double MaseScale(ReadOnlySpan<double> training, int season)
    {
        double sum = 0;
        int count = 0;
        for (int t = season; t < training.Length; t++)
        {
            if (!double.IsNaN(training[t]) && !double.IsNaN(training[t - season]))
            {
                sum += Math.Abs(training[t] - training[t - season]);
                count++;
            }
        }

        return count == 0 ? double.NaN : sum / count;
    }
}
