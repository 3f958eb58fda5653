using Juno.Intelligence;

namespace Juno.Evaluation.Forecasting;

/// <summary>
/// The benchmark every forecaster must beat: the value one season (a week) before the target step. Its intervals come
/// from its own past errors at each horizon (empirical quantiles of the absolute error), so its coverage is comparable.
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
