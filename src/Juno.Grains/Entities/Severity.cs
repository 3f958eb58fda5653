namespace Juno.Grains.Entities;

/// <summary>Maps an anomaly score in [0,1] to the severity words operators page on.</summary>
internal static class Severity
{
    public static string FromScore(double score) => score switch
    {
        >= 0.99 => "critical",
        >= 0.95 => "high",
        >= 0.8 => "medium",
        _ => "low",
    };
}
