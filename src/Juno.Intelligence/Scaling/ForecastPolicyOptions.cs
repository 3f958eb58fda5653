namespace Juno.Intelligence;

/// <summary>Settings of the forecast-driven <see cref="ForecastPolicy"/>.</summary>
public sealed record ForecastPolicyOptions
{
    public static ForecastPolicyOptions Default { get; } = new();

    /// <summary>Utilisation the plan provisions for at the forecast's upper 80% bound.</summary>
    public double TargetUtilisation { get; init; } = 0.75;

    /// <summary>How far ahead capacity is provisioned beyond the pods' startup delay (the forecaster's step).</summary>
    public TimeSpan Margin { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>A lower plan is followed only after it has held for this long (no flapping on a noisy forecast).</summary>
    public TimeSpan ScaleDownStabilisation { get; init; } = TimeSpan.FromMinutes(10);

    public SeasonalForecasterOptions Forecaster { get; init; } = SeasonalForecasterOptions.Default;
}
