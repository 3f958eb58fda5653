using Juno.Intelligence;

namespace Juno.Evaluation.Forecasting;

/// <summary>Adapters that feed the grains' forecasters one step at a time, the way a grain feeds them samples.</summary>
public static class StreamingModels
{
    public static IForecastModel Seasonal(string name, SeasonalForecasterOptions options) => new SeasonalModel(name, options);

    /// <summary>The Holt-Winters forecaster (one daily season); it folds a step in only when a later one arrives.</summary>
    public static IForecastModel HoltWinters(string name, HoltWintersOptions options) => new HoltWintersModel(name, options);

    private sealed class SeasonalModel(string name, SeasonalForecasterOptions options) : IForecastModel
    {
        private readonly SeasonalForecaster _forecaster = new(options);

        public string Name => name;

        public void Observe(int index, long timestampMs, double value)
        {
            if (!double.IsNaN(value))
            {
                _forecaster.Observe(timestampMs, value);
            }
        }

        public ForecastPoint Forecast(int stepsAhead) => _forecaster.Forecast(stepsAhead * options.Step);
    }

    private sealed class HoltWintersModel(string name, HoltWintersOptions options) : IForecastModel
    {
        private readonly HoltWintersForecaster _forecaster = new(options);

        public string Name => name;

        public void Observe(int index, long timestampMs, double value)
        {
            if (!double.IsNaN(value))
            {
                _forecaster.Observe(timestampMs, value);
            }
        }

        public ForecastPoint Forecast(int stepsAhead) => _forecaster.Forecast(stepsAhead * options.Step);
    }
}
