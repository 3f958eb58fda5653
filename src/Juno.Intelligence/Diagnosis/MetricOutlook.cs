namespace Juno.Intelligence;

/// <summary>Where one metric is and where it is heading, as <see cref="SloBreachPredictor"/> consumes it.</summary>
/// <param name="Current">Latest value.</param>
/// <param name="Slope">Recent change per minute, e.g. <see cref="EntityDiagnoser.Slope(int)"/>.</param>
/// <param name="Forecast15Mean">Forecast mean 15 minutes ahead.</param>
/// <param name="Forecast15Upper95">Upper end of the central 95% prediction interval 15 minutes ahead.</param>
/// <param name="Forecast1hMean">Forecast mean an hour ahead.</param>
/// <param name="Forecast1hUpper95">Upper end of the central 95% prediction interval an hour ahead.</param>
public readonly record struct MetricOutlook(
    double Current,
    double Slope,
    double Forecast15Mean,
    double Forecast15Upper95,
    double Forecast1hMean,
    double Forecast1hUpper95)
{
    /// <summary>Builds an outlook from a forecaster's 15-minute and 1-hour points.</summary>
    public static MetricOutlook From(double current, double slope, ForecastPoint in15Minutes, ForecastPoint in1Hour) =>
        new(current, slope, in15Minutes.Mean, in15Minutes.Upper95, in1Hour.Mean, in1Hour.Upper95);
}
