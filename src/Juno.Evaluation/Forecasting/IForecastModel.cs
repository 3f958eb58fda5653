using Juno.Intelligence;

namespace Juno.Evaluation.Forecasting;

/// <summary>
/// What the rolling-origin evaluation needs of a forecaster: it is shown one step at a time, and after each it is asked
/// for forecasts some whole steps ahead. It never sees a step before its turn.
/// </summary>
public interface IForecastModel
{
    string Name { get; }

    /// <summary>The step at <paramref name="index"/> closed with this value (NaN: no data in that step).</summary>
    void Observe(int index, long timestampMs, double value);

    /// <summary>The forecast for the step <paramref name="stepsAhead"/> after the last one observed.</summary>
    ForecastPoint Forecast(int stepsAhead);
}
