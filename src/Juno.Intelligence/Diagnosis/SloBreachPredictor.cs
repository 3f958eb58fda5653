using System.Globalization;

namespace Juno.Intelligence;

/// <summary>
/// Probability that an entity breaches one of its SLOs at any moment within the next 15 and 30 minutes.
/// </summary>
/// <remarks>
/// <para>
/// Per SLO (a lower bound is mirrored into an upper bound by negating every value): already at or past the threshold
/// is probability 1. Otherwise the metric is a random walk from the current value c whose mean path at horizon h is the
/// more adverse of the forecaster's mean and the slope extrapolation c + slope·h. Either alone misses a failure mode:
/// Holt-Winters' damped trend is slow to notice a leak that began minutes ago, and a straight line knows nothing of
/// the daily cycle. The variance comes from the forecast band, σ(h) = (Upper95(h) − Mean(h)) / 1.96, with the
/// 30-minute mean and variance interpolated linearly in h between the 15-minute and 1-hour points (a random walk's
/// variance grows linearly). The probability of crossing at any time before h is the drifted reflection formula
/// of <see cref="FirstPassage"/>.
/// </para>
/// <para>
/// Anomaly hazard. A rising or high anomaly score means the models' picture of normal is breaking down, so the hazard
/// H = −ln(1 − p) is scaled by 1 + 2·ŝ(h), with ŝ(h) = clamp(score + max(0, score trend per minute)·h, 0, 1) the score
/// projected to the horizon: p' = 1 − (1 − p)^(1 + 2ŝ). It can at most triple the hazard and never creates one: a
/// metric far below its threshold stays near 0 however anomalous the entity is.
/// </para>
/// <para>
/// The 30-minute probability is floored at the 15-minute one (crossing by 15 minutes is crossing by 30), and the
/// entity's probability is that of its most likely SLO: the SLOs share causes, so treating them as independent would
/// overstate the risk when latency and errors climb together.
/// </para>
/// </remarks>
public static class SloBreachPredictor
{
    private const double Z95 = 1.959963984540054;
    private const double AnomalyHazardWeight = 2;
    private static readonly double[] HorizonsMinutes = [15, 30];

    /// <param name="slos">The entity's SLOs; each metric must index <paramref name="outlooks"/>.</param>
    /// <param name="outlooks">Outlooks indexed by metric.</param>
    /// <param name="anomalyScore">The entity's current anomaly score in [0, 1].</param>
    /// <param name="anomalyScoreTrend">Change of the anomaly score per minute (positive when rising).</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range or not finite; the message says which.</exception>
    public static BreachProbability Predict(
        ReadOnlySpan<SloTarget> slos, ReadOnlySpan<MetricOutlook> outlooks, double anomalyScore, double anomalyScoreTrend)
    {
        if (!(anomalyScore is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(anomalyScore), anomalyScore, "Must be in [0, 1].");
        }

        if (!double.IsFinite(anomalyScoreTrend))
        {
            throw new ArgumentOutOfRangeException(nameof(anomalyScoreTrend), anomalyScoreTrend, "Must be finite.");
        }

        var best = new BreachProbability(0, 0, -1, "No SLOs to predict.");
        Span<double> probabilities = stackalloc double[HorizonsMinutes.Length];
        foreach (SloTarget slo in slos)
        {
            if ((uint)slo.Metric >= (uint)outlooks.Length || !double.IsFinite(slo.Threshold))
            {
                throw new ArgumentOutOfRangeException(
                    nameof(slos), slo, $"Each SLO needs a metric in [0, {outlooks.Length}) and a finite threshold.");
            }

            MetricOutlook outlook = outlooks[slo.Metric];
            if (!IsFinite(outlook))
            {
                throw new ArgumentOutOfRangeException(nameof(outlooks), outlook, "Outlook values must be finite.");
            }

            for (int h = 0; h < HorizonsMinutes.Length; h++)
            {
                double p = CrossingProbability(slo, outlook, HorizonsMinutes[h]);
                double projectedScore = Math.Clamp(anomalyScore + (Math.Max(0, anomalyScoreTrend) * HorizonsMinutes[h]), 0, 1);
                p = p >= 1 ? 1 : 1 - Math.Pow(1 - p, 1 + (AnomalyHazardWeight * projectedScore));
                probabilities[h] = h == 0 ? p : Math.Max(p, probabilities[h - 1]);
            }

            if (best.DrivingMetric < 0 || probabilities[1] > best.Within30Minutes
                || (probabilities[1] == best.Within30Minutes && probabilities[0] > best.Within15Minutes))
            {
                string reason = Explain(slo, outlook, probabilities[1]);
                best = new BreachProbability(probabilities[0], probabilities[1], slo.Metric, reason);
            }
        }

        return best;
    }

    private static double CrossingProbability(SloTarget slo, MetricOutlook outlook, double minutes)
    {
        double sign = slo.UpperBound ? 1 : -1;
        double current = sign * outlook.Current;
        double distance = (sign * slo.Threshold) - current;
        if (distance <= 0)
        {
            return 1;
        }

        // Linear interpolation in h between the 15-minute and 1-hour points (exact at 15).
        double weight = (minutes - 15) / 45;
        double forecastMean = sign * (outlook.Forecast15Mean + (weight * (outlook.Forecast1hMean - outlook.Forecast15Mean)));
        double variance15 = Square(Math.Max(0, outlook.Forecast15Upper95 - outlook.Forecast15Mean) / Z95);
        double variance1h = Square(Math.Max(0, outlook.Forecast1hUpper95 - outlook.Forecast1hMean) / Z95);
        double variance = Math.Max(0, variance15 + (weight * (variance1h - variance15)));
        double extrapolated = current + (sign * outlook.Slope * minutes);
        double meanDisplacement = Math.Max(forecastMean, extrapolated) - current;
        return FirstPassage.Probability(distance, meanDisplacement, variance);
    }

    private static string Explain(SloTarget slo, MetricOutlook outlook, double within30)
    {
        string name = EntityMetrics.Name(slo.Metric);
        string bound = slo.UpperBound ? "<=" : ">=";
        bool breached = slo.UpperBound ? outlook.Current >= slo.Threshold : outlook.Current <= slo.Threshold;
        CultureInfo invariant = CultureInfo.InvariantCulture;
        if (breached)
        {
            return string.Create(invariant, $"{name} at {outlook.Current:G4} already breaches {bound} {slo.Threshold:G4}.");
        }

        return string.Create(invariant, $"{name} at {outlook.Current:G4} vs {bound} {slo.Threshold:G4}, ")
            + string.Create(invariant, $"moving {outlook.Slope:+0.###;-0.###}/min, forecast {outlook.Forecast15Mean:G4} in 15 min ")
            + string.Create(invariant, $"and {outlook.Forecast1hMean:G4} in 1 h: {within30 * 100:0}% chance of a breach within 30 min.");
    }

    private static bool IsFinite(MetricOutlook outlook) =>
        double.IsFinite(outlook.Current) && double.IsFinite(outlook.Slope)
        && double.IsFinite(outlook.Forecast15Mean) && double.IsFinite(outlook.Forecast15Upper95)
        && double.IsFinite(outlook.Forecast1hMean) && double.IsFinite(outlook.Forecast1hUpper95);

    private static double Square(double x) => x * x;
}
