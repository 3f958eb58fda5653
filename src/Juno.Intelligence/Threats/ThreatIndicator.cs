namespace Juno.Intelligence;

/// <summary>One signal's contribution to a threat.</summary>
/// <param name="Signal">The signal.</param>
/// <param name="Value">The sample's count for the interval.</param>
/// <param name="Baseline">The entity's typical count: the baseline median, back-transformed from log1p space.</param>
/// <param name="Deviation">
/// Robust z-score in log1p space: (log(1 + value) − median) / scale, where median and scale (1.4826 × median absolute
/// deviation, floored at <see cref="ThreatDetectorOptions.MinimumScale"/>) come from the entity's baseline. Positive
/// means above normal. Because it is measured on log counts, +3 on a busy signal means roughly "e^(3 × scale) times the
/// usual", whatever the entity's size.
/// </param>
public readonly record struct ThreatIndicator(BehaviourSignal Signal, double Value, double Baseline, double Deviation);
