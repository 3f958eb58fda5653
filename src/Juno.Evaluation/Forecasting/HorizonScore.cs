namespace Juno.Evaluation.Forecasting;

/// <summary>
/// Accumulated errors of one forecaster at one horizon. MAPE is NAB's and the kNN reference's definition,
/// sum |error| / sum |actual| (robust to near-zero actuals); sMAPE is the mean of 2|e| / (|actual| + |forecast|);
/// MASE divides the mean absolute error by the in-sample mean absolute one-season difference.
/// </summary>
public sealed class HorizonScore(int stepsAhead, double maseScale)
{
    private double _absoluteErrors;
    private double _absoluteActuals;
    private double _symmetricTerms;
    private double _squaredErrors;
    private int _covered80;
    private int _covered95;
    private int _withIntervals;

    public int StepsAhead { get; } = stepsAhead;

    public int Count { get; private set; }

    public double Mape => _absoluteErrors / _absoluteActuals;

    public double Smape => _symmetricTerms / Count;

    public double Mase => _absoluteErrors / Count / maseScale;

    public double Rmse => Math.Sqrt(_squaredErrors / Count);

    /// <summary>Share of actuals inside the 80% interval; NaN for a forecaster without intervals.</summary>
    public double Coverage80 => _withIntervals == 0 ? double.NaN : (double)_covered80 / _withIntervals;

    public double Coverage95 => _withIntervals == 0 ? double.NaN : (double)_covered95 / _withIntervals;

    public void Add(double actual, Intelligence.ForecastPoint forecast)
    {
        double error = actual - forecast.Mean;
        _absoluteErrors += Math.Abs(error);
        _absoluteActuals += Math.Abs(actual);
        _squaredErrors += error * error;
        double denominator = Math.Abs(actual) + Math.Abs(forecast.Mean);
        _symmetricTerms += denominator == 0 ? 0 : 2 * Math.Abs(error) / denominator;
        Count++;
        if (!double.IsNaN(forecast.Lower80))
        {
            _withIntervals++;
            _covered80 += actual >= forecast.Lower80 && actual <= forecast.Upper80 ? 1 : 0;
            _covered95 += actual >= forecast.Lower95 && actual <= forecast.Upper95 ? 1 : 0;
        }
    }
}
