namespace Juno.Intelligence;

/// <summary>Tuning of <see cref="SeasonalForecaster"/>.</summary>
/// <remarks>
/// Defaults chosen on the training part of nyc_taxi (the steps before its last 7,515) and on the realTweets and
/// realTraffic series (benchmarks/Juno.Forecast.Runner): a level time constant of 2 days (alpha 0.01 per 30-minute step;
/// 0.03 and 0.1 were worse at 24 h), delta 0.1 (0.05 and 0.15 within 0.1% MAPE, 0.3 worse), omega 0.5 (0.05-0.3 worse
/// on the taxi's training weeks), multiplicative (log) on.
/// </remarks>
public sealed record SeasonalForecasterOptions
{
    public static SeasonalForecasterOptions Default { get; } = new();

    /// <summary>Samples inside one step are averaged; the model updates when a step closes. Must divide a day.</summary>
    public TimeSpan Step { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long the level takes to follow a lasting change (the e-folding time). Stated in time, not steps, so the same
    /// setting means the same at any step: per step the level takes 1 - exp(-step / time constant) of a residual.
    /// </summary>
    public TimeSpan LevelTimeConstant { get; init; } = TimeSpan.FromDays(2);

    /// <summary>Smoothing of the time-of-day profile (each slot learns once a day).</summary>
    public double Delta { get; init; } = 0.1;

    /// <summary>Smoothing of the day-of-week profile (each slot learns once a week); 0 turns weekly seasonality off.</summary>
    public double Omega { get; init; } = 0.5;

    /// <summary>Model log(1 + value), so seasonal swings scale with the level (negative values count as 0).</summary>
    public bool Multiplicative { get; init; } = true;

    /// <summary>One-step residuals are clipped to this many robust standard deviations before they update the state.</summary>
    public double ClipSigmas { get; init; } = 3;

    /// <summary>Largest share of a residual the forecast may carry forward at any lag.</summary>
    public double MaxResidualPersistence { get; init; } = 0.98;

    /// <summary>The forecaster refuses horizons beyond this.</summary>
    public TimeSpan MaxHorizon { get; init; } = TimeSpan.FromDays(30);

    internal long StepMilliseconds => (long)Step.TotalMilliseconds;

    /// <summary>The level's share of a residual per step.</summary>
    internal double Alpha => 1 - Math.Exp(-Step / LevelTimeConstant);

    internal int StepsPerDay => (int)(TimeSpan.FromDays(1).Ticks / Step.Ticks);

    internal void Validate()
    {
        if (Step < TimeSpan.FromMinutes(1) || TimeSpan.FromDays(1).Ticks % Step.Ticks != 0 || StepsPerDay < HorizonLayout.MinimumSeasonLength)
        {
            throw new ArgumentOutOfRangeException(nameof(Step), Step, $"Must be at least a minute, divide a day, and leave {HorizonLayout.MinimumSeasonLength} steps a day.");
        }

        if (LevelTimeConstant < Step)
        {
            throw new ArgumentOutOfRangeException(nameof(LevelTimeConstant), LevelTimeConstant, "Must be at least one step.");
        }

        RequireFraction(Delta, nameof(Delta), allowZero: false);
        RequireFraction(Omega, nameof(Omega), allowZero: true);
        RequireFraction(MaxResidualPersistence, nameof(MaxResidualPersistence), allowZero: true);
        if (!(ClipSigmas > 0) || !double.IsFinite(ClipSigmas))
        {
            throw new ArgumentOutOfRangeException(nameof(ClipSigmas), ClipSigmas, "Must be finite and positive.");
        }

        if (MaxHorizon <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxHorizon), MaxHorizon, "Must be positive.");
        }
    }

    internal static void Write(BinaryWriter writer, SeasonalForecasterOptions options)
    {
        Snapshot.WriteTimeSpan(writer, options.Step);
        Snapshot.WriteTimeSpan(writer, options.LevelTimeConstant);
        writer.Write(options.Delta);
        writer.Write(options.Omega);
        writer.Write(options.Multiplicative);
        writer.Write(options.ClipSigmas);
        writer.Write(options.MaxResidualPersistence);
        Snapshot.WriteTimeSpan(writer, options.MaxHorizon);
    }

    internal static SeasonalForecasterOptions Read(BinaryReader reader, string typeName)
    {
        try
        {
            var options = new SeasonalForecasterOptions
            {
                Step = Snapshot.ReadTimeSpan(reader),
                LevelTimeConstant = Snapshot.ReadTimeSpan(reader),
                Delta = reader.ReadDouble(),
                Omega = reader.ReadDouble(),
                Multiplicative = reader.ReadBoolean(),
                ClipSigmas = reader.ReadDouble(),
                MaxResidualPersistence = reader.ReadDouble(),
                MaxHorizon = Snapshot.ReadTimeSpan(reader),
            };
            options.Validate();
            return options;
        }
        catch (ArgumentException e)
        {
            throw Snapshot.Invalid(typeName, e.Message);
        }
    }

    private static void RequireFraction(double value, string name, bool allowZero)
    {
        if (!(allowZero ? value >= 0 : value > 0) || value > 1)
        {
            throw new ArgumentOutOfRangeException(name, value, allowZero ? "Must be in [0, 1]." : "Must be in (0, 1].");
        }
    }
}
