using Juno.Contracts.Threats;

namespace Juno.Storage;

/// <summary>What both stores refuse alike, before anything is written.</summary>
internal static class ThreatValidation
{
    public static void Validate(ThreatAlert alert)
    {
        if (string.IsNullOrEmpty(alert.Cluster) || string.IsNullOrEmpty(alert.Entity))
        {
            throw new ArgumentException("A threat alert needs its cluster and entity.", nameof(alert));
        }

        if (!double.IsFinite(alert.Score) || !double.IsFinite(alert.Confidence))
        {
            throw new ArgumentException("A threat alert's score and confidence must be finite.", nameof(alert));
        }
    }
}
