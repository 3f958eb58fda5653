using Juno.Intelligence;

namespace Juno.Evaluation.Forecasting;

/// <summary>Adapters that feed the grains' forecasters one step at a time, the way a grain feeds them samples.</summary>
public static class StreamingModels
{
    public static IForecastModel Seasonal(string name, SeasonalForecasterOptions options)
    {
        var forecaster = new SeasonalForecaster(options);
        return new Adapter(name, options.Step, forecaster.Observe, forecaster.Forecast);
    }

    /// <summary>The Holt-Winters forecaster (one daily season); it folds a step in only when a later one arrives.</summary>
    public static IForecastModel HoltWinters(string name, HoltWintersOptions options)
    {
        var forecaster = new HoltWintersForecaster(options);
        return new Adapter(name, options.Step, forecaster.Observe, forecaster.Forecast);
    }

    // Steps without data are not shown to the forecaster: a grain receives no sample for them either.
    private sealed class Adapter(string name, TimeSpan step, Action<long, double> observe, Func<TimeSpan, ForecastPoint> forecast) : IForecastModel
    {
        public string Name => name;

        public void Observe(int index, long timestampMs, double value)
        {
            if (!double.IsNaN(value))
            {
                observe(timestampMs, value);
            }
        }

        public ForecastPoint Forecast(int stepsAhead) => forecast(stepsAhead * step);
    }
}
