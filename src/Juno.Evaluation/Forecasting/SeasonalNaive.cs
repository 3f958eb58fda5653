using Juno.Intelligence;

namespace Juno.Evaluation.Forecasting;

/// <summary>
/// The benchmark every forecaster must beat: the value one season (a week) before the target step. It gives no
/// intervals (NaN), so the evaluation reports no coverage for it; a target whose week-earlier step had no data is not
/// forecast.
/// </summary>
public sealed class SeasonalNaive(int seasonSteps) : IForecastModel
{
    private readonly List<double> _history = [];

    public string Name => $"seasonal naive ({seasonSteps} steps)";

    public void Observe(int index, long timestampMs, double value) => _history.Add(value);

    public ForecastPoint Forecast(int stepsAhead)
    {
        int target = _history.Count - 1 + stepsAhead;
        int source = target - seasonSteps;
        double mean = source >= 0 && source < _history.Count ? _history[source] : double.NaN;
        return new ForecastPoint(0, mean, double.NaN, double.NaN, double.NaN, double.NaN);
    }
}
