namespace Juno.Intelligence;

/// <summary>
/// Maps a diagnosis to a severity. The multivariate score sets a base level: below 0.3 None, from 0.3 Low, from 0.6
/// Medium, from 0.85 High, from 0.97 Critical. One level is added when latency or errors are among the drivers (users
/// feel it) and one when three or more metrics are involved (|z| ≥ the excursion threshold: a broad failure rather
/// than one odd gauge). Without latency or errors among the drivers the result is capped at High: resource-only
/// anomalies become critical through a predicted SLO breach, not through their own score.
/// </summary>
internal static class SeverityRules
{
    public const double LowFrom = 0.3;
    public const double MediumFrom = 0.6;
    public const double HighFrom = 0.85;
    public const double CriticalFrom = 0.97;
    public const int BroadFrom = 3;

    public static AnomalySeverity Classify(double score, int involvedMetrics, bool userFacing)
    {
        if (!(score >= LowFrom))
        {
            return AnomalySeverity.None;
        }

        int level = score >= CriticalFrom ? 4 : score >= HighFrom ? 3 : score >= MediumFrom ? 2 : 1;
        level += (userFacing ? 1 : 0) + (involvedMetrics >= BroadFrom ? 1 : 0);
        var cap = userFacing ? AnomalySeverity.Critical : AnomalySeverity.High;
        return (AnomalySeverity)Math.Min(level, (int)cap);
    }
}
