namespace Juno.Intelligence;

/// <summary>
/// Probability that some SLO is breached at any moment within the next 15 and 30 minutes
/// (<see cref="Within30Minutes"/> ≥ <see cref="Within15Minutes"/>), the metric most likely to breach (−1 when there are
/// no SLOs) and one human-readable line saying why.
/// </summary>
public readonly record struct BreachProbability(double Within15Minutes, double Within30Minutes, int DrivingMetric, string Reason);
