namespace Juno.Intelligence;

/// <summary>
/// Tuning of <see cref="RobustSeasonalDetector"/>. Rates are expressed as time constants rather than per-sample
/// weights so the detector behaves the same whether a metric is scraped every 15 s or every 5 min.
/// </summary>
public sealed record RobustSeasonalDetectorOptions
{
    public static RobustSeasonalDetectorOptions Default { get; } = new();

    /// <summary>How quickly the level follows the de-seasonalised signal.</summary>
    public TimeSpan LevelTimeConstant { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How quickly the daily mean follows the de-seasonalised signal. The hour-of-day profile is learned against this
    /// slow mean rather than the fast level: a level that follows the daily cycle would leave the profile nothing to learn.
    /// </summary>
    public TimeSpan DailyMeanTimeConstant { get; init; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How quickly the noise scale (a running median of absolute residuals) adapts: it can grow or shrink by at most a
    /// factor e per time constant, however extreme the residuals, which is what keeps anomalies from inflating it.
    /// </summary>
    public TimeSpan ScaleTimeConstant { get; init; } = TimeSpan.FromHours(6);

    /// <summary>
    /// In-slot exposure after which an hour-of-day offset has moved ~63% of the way to the observed deviation from the
    /// daily mean; each slot is exposed for about an hour per day, so the default learns ~85% of a daily pattern per day.
    /// </summary>
    public TimeSpan SeasonalTimeConstant { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Samples scored 0 while the level and scale are still running averages of too little data.</summary>
    public int WarmupSamples { get; init; } = 30;

    /// <summary>Residuals are clipped to this many scales before they update the model (Huber-style robustness).</summary>
    public double ClipSigmas { get; init; } = 4;

    /// <summary>Robust z-score that maps to an anomaly score of 0.5.</summary>
    public double ScoreMidpoint { get; init; } = 6.5;

    /// <summary>Robust z-score distance over which the logistic score moves from 0.5 to ~0.73.</summary>
    public double ScoreWidth { get; init; } = 1;

    /// <summary>The scale never drops below this fraction of the expected value, so near-constant series don't turn every wiggle into an anomaly.</summary>
    public double RelativeScaleFloor { get; init; } = 0.01;

    /// <summary>Absolute floor on the scale for series that sit at zero (error rates).</summary>
    public double AbsoluteScaleFloor { get; init; } = 1e-6;

    internal void Validate()
    {
        RequirePositive(LevelTimeConstant, nameof(LevelTimeConstant));
        RequirePositive(DailyMeanTimeConstant, nameof(DailyMeanTimeConstant));
        RequirePositive(ScaleTimeConstant, nameof(ScaleTimeConstant));
        RequirePositive(SeasonalTimeConstant, nameof(SeasonalTimeConstant));
        ArgumentOutOfRangeException.ThrowIfLessThan(WarmupSamples, 2, nameof(WarmupSamples));
        RequirePositive(ClipSigmas, nameof(ClipSigmas));
        RequirePositive(ScoreMidpoint, nameof(ScoreMidpoint));
        RequirePositive(ScoreWidth, nameof(ScoreWidth));
        if (!(RelativeScaleFloor >= 0) || !double.IsFinite(RelativeScaleFloor))
        {
            throw new ArgumentOutOfRangeException(nameof(RelativeScaleFloor), RelativeScaleFloor, "Must be finite and >= 0.");
        }

        RequirePositive(AbsoluteScaleFloor, nameof(AbsoluteScaleFloor));
    }

    // Snapshots carry the options so a restored detector scores exactly like the original; the common case of
    // default options costs one byte and restores to the shared Default instance.
    internal static void Write(BinaryWriter writer, RobustSeasonalDetectorOptions options)
    {
        bool isDefault = options == Default;
        writer.Write(isDefault);
        if (isDefault)
        {
            return;
        }

        Snapshot.WriteTimeSpan(writer, options.LevelTimeConstant);
        Snapshot.WriteTimeSpan(writer, options.DailyMeanTimeConstant);
        Snapshot.WriteTimeSpan(writer, options.ScaleTimeConstant);
        Snapshot.WriteTimeSpan(writer, options.SeasonalTimeConstant);
        writer.Write(options.WarmupSamples);
        writer.Write(options.ClipSigmas);
        writer.Write(options.ScoreMidpoint);
        writer.Write(options.ScoreWidth);
        writer.Write(options.RelativeScaleFloor);
        writer.Write(options.AbsoluteScaleFloor);
    }

    internal static RobustSeasonalDetectorOptions Read(BinaryReader reader)
    {
        if (reader.ReadBoolean())
        {
            return Default;
        }

        var options = new RobustSeasonalDetectorOptions
        {
            LevelTimeConstant = Snapshot.ReadTimeSpan(reader),
            DailyMeanTimeConstant = Snapshot.ReadTimeSpan(reader),
            ScaleTimeConstant = Snapshot.ReadTimeSpan(reader),
            SeasonalTimeConstant = Snapshot.ReadTimeSpan(reader),
            WarmupSamples = reader.ReadInt32(),
            ClipSigmas = reader.ReadDouble(),
            ScoreMidpoint = reader.ReadDouble(),
            ScoreWidth = reader.ReadDouble(),
            RelativeScaleFloor = reader.ReadDouble(),
            AbsoluteScaleFloor = reader.ReadDouble(),
        };
        options.Validate();
        return options;
    }

    private static void RequirePositive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, value, "Must be positive.");
        }
    }

    private static void RequirePositive(double value, string name)
    {
        if (!(value > 0) || !double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, "Must be finite and positive.");
        }
    }
}
