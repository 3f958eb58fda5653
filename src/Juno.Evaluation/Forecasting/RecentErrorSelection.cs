using Juno.Intelligence;

namespace Juno.Evaluation.Forecasting;

/// <summary>
/// Per-series, per-horizon model selection by recent error: both models forecast every horizon asked; when a target
/// step arrives, each model's exponentially weighted absolute error at that horizon is updated; the forecast given is
/// the challenger's only when its recent error is at least <see cref="Margin"/> lower, so noise in the two error
/// estimates does not flip the choice back and forth. The intervals are the first model's, moved to the chosen mean.
/// </summary>
public sealed class RecentErrorSelection(string name, IForecastModel primary, IForecastModel challenger, double memorySteps = 336) : IForecastModel
{
    private readonly Dictionary<(int Target, int StepsAhead), (double Primary, double Challenger)> _pending = [];
    private readonly Dictionary<int, (double Primary, double Challenger)> _errors = [];
    private int _lastIndex = -1;

    /// <summary>Share by which the challenger's recent error must undercut the primary's to be used.</summary>
    public const double Margin = 0.05;

    public string Name => name;

    public void Observe(int index, long timestampMs, double value)
    {
        primary.Observe(index, timestampMs, value);
        challenger.Observe(index, timestampMs, value);
        _lastIndex = index;
        foreach (int stepsAhead in _errors.Keys.ToArray())
        {
            if (!_pending.Remove((index, stepsAhead), out var forecasts) || double.IsNaN(value))
            {
                continue;
            }

            (double p, double c) = _errors[stepsAhead];
            double weight = 1 / memorySteps;
            p += weight * (Math.Abs(value - forecasts.Primary) - p);
            c = double.IsNaN(forecasts.Challenger) ? c : c + (weight * (Math.Abs(value - forecasts.Challenger) - c));
            _errors[stepsAhead] = (p, c);
        }
    }

    public ForecastPoint Forecast(int stepsAhead)
    {
        ForecastPoint a = primary.Forecast(stepsAhead);
        ForecastPoint b = challenger.Forecast(stepsAhead);

        // Errors start equal and large, so the challenger must earn its place.
        if (!_errors.TryGetValue(stepsAhead, out var errors))
        {
            errors = (0, double.MaxValue);
            _errors[stepsAhead] = errors;
        }
        else if (errors.Challenger == double.MaxValue && !double.IsNaN(b.Mean))
        {
            _errors[stepsAhead] = errors = (errors.Primary, errors.Primary * 2);
        }

        _pending[(_lastIndex + stepsAhead, stepsAhead)] = (a.Mean, b.Mean);
        if (double.IsNaN(b.Mean) || errors.Challenger >= (1 - Margin) * errors.Primary)
        {
            return a;
        }

        double shift = b.Mean - a.Mean;
        return new ForecastPoint(a.TargetTimestampMs, b.Mean, a.Lower80 + shift, a.Upper80 + shift, a.Lower95 + shift, a.Upper95 + shift);
    }
}
