namespace Juno.Intelligence;

/// <summary>The diagnoser's verdict on an entity at one decision tick.</summary>
/// <param name="Score">Multivariate anomaly score in [0, 1], on the same scale as a detector's score.</param>
/// <param name="Severity">None when the score is below the reporting threshold.</param>
/// <param name="Type">Shape of the top driver's excursion; None when the severity is None.</param>
/// <param name="Drivers">Metrics with a meaningful share of the statistic, largest first; empty when the severity is None.</param>
/// <param name="Summary">One human-readable line.</param>
public sealed record EntityDiagnosis(
    double Score,
    AnomalySeverity Severity,
    AnomalyType Type,
    IReadOnlyList<MetricContribution> Drivers,
    string Summary);
