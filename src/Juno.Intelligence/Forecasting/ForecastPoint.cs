namespace Juno.Intelligence;

/// <summary>A point forecast with central 80% and 95% prediction intervals.</summary>
public readonly record struct ForecastPoint(
    long TargetTimestampMs,
    double Mean,
    double Lower80,
    double Upper80,
    double Lower95,
    double Upper95);
