namespace Juno.Intelligence;

/// <summary>How urgently an entity's anomaly needs attention; see <see cref="EntityDiagnoser"/> for the mapping.</summary>
public enum AnomalySeverity : byte
{
    None = 0,
    Low = 1,
    Medium = 2,
    High = 3,
    Critical = 4,
}
