using Juno.Intelligence;

namespace Juno.Evaluation.Forecasting;

/// <summary>
/// Streams a trained <see cref="WindowForecaster"/> one step at a time: it keeps the last lookback of observed values
/// (a step without data repeats the last value) and forecasts from them. No forecast before a full window was seen.
/// </summary>
public sealed class WindowModel(string name, WindowForecaster forecaster, TimeSpan step) : IForecastModel
{
    private readonly double[] _window = new double[forecaster.Options.LookbackSteps];
    private readonly double[] _forecast = new double[forecaster.Options.HorizonSteps];
    private int _seen;
    private long _lastTimestampMs;
    private int _forecastFor = -1;

    public string Name => name;

    public void Observe(int index, long timestampMs, double value)
    {
        double last = _seen == 0 ? 0 : _window[(_seen - 1) % _window.Length];
        _window[_seen % _window.Length] = double.IsNaN(value) ? last : value;
        _seen++;
        _lastTimestampMs = timestampMs;
    }

    public ForecastPoint Forecast(int stepsAhead)
    {
        if (_seen < _window.Length || stepsAhead < 1 || stepsAhead > _forecast.Length)
        {
            return new ForecastPoint(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        // One network pass serves every horizon asked after the same step.
        if (_forecastFor != _seen)
        {
            Span<double> ordered = stackalloc double[_window.Length];
            for (int i = 0; i < _window.Length; i++)
            {
                ordered[i] = _window[(_seen + i) % _window.Length];
            }

            forecaster.Predict(ordered, _lastTimestampMs + (long)step.TotalMilliseconds, _forecast);
            _forecastFor = _seen;
        }

        double mean = _forecast[stepsAhead - 1];
        return new ForecastPoint(_lastTimestampMs + (stepsAhead * (long)step.TotalMilliseconds), mean, double.NaN, double.NaN, double.NaN, double.NaN);
    }
}
