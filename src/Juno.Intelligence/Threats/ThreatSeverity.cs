namespace Juno.Intelligence;

/// <summary>How urgently a threat should be handled; see <see cref="ThreatDetector"/> for the mapping from score and class.</summary>
public enum ThreatSeverity : byte
{
    Low = 0,
    Medium = 1,
    High = 2,
}
