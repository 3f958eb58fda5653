using System.Globalization;
using System.Text;

namespace Juno.Intelligence;

/// <summary>The one-line, human-readable account of a diagnosis that goes into incidents and the dashboard.</summary>
internal static class DiagnosisSummary
{
    public static string Describe(
        double score, AnomalySeverity severity, AnomalyType type, IReadOnlyList<MetricContribution> drivers)
    {
        if (severity == AnomalySeverity.None)
        {
            return string.Create(CultureInfo.InvariantCulture, $"No anomaly (score {score:0.00}).");
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{severity} {Describe(type)} led by ");
        for (int i = 0; i < drivers.Count; i++)
        {
            MetricContribution driver = drivers[i];
            text.Append(i == 0 ? string.Empty : i == drivers.Count - 1 ? " and " : ", ")
                .Append(CultureInfo.InvariantCulture, $"{EntityMetrics.Name(driver.Metric)} ")
                .Append(CultureInfo.InvariantCulture, $"{driver.Deviation:+0.0;-0.0} sigma ({driver.Share * 100:0}%)");
        }

        return text.Append(CultureInfo.InvariantCulture, $"; score {score:0.00}.").ToString();
    }

    private static string Describe(AnomalyType type) => type switch
    {
        AnomalyType.Spike => "spike",
        AnomalyType.Drop => "drop",
        AnomalyType.LevelShift => "level shift",
        AnomalyType.Trend => "trend",
        AnomalyType.SeasonalBreak => "seasonal break",
        _ => "anomaly",
    };
}
