namespace Juno.Intelligence;

/// <summary>
/// Tuning of <see cref="HoltWintersForecaster"/> (component-form additive Holt-Winters with a damped trend).
/// </summary>
public sealed record HoltWintersOptions
{
    public static HoltWintersOptions Default { get; } = new();

    /// <summary>Samples inside one step are averaged; the model updates when a step closes.</summary>
    public TimeSpan Step { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Steps per season: 288 five-minute steps make a day.</summary>
    public int SeasonLength { get; init; } = 288;

    /// <summary>Level smoothing.</summary>
    public double Alpha { get; init; } = 0.2;

    /// <summary>Trend smoothing (of level changes).</summary>
    public double Beta { get; init; } = 0.01;

    /// <summary>Seasonal smoothing; each slot is updated once per season.</summary>
    public double Gamma { get; init; } = 0.2;

    /// <summary>
    /// Trend damping: a trend is extrapolated as phi + phi^2 + ... (at most 19 steps' worth at 0.95), so short ramps
    /// carry into the next hour or so while long horizons don't run away on a slope that's mostly noise.
    /// </summary>
    public double Phi { get; init; } = 0.95;

    /// <summary>One-step errors are clipped to this many standard deviations before they update the state.</summary>
    public double ClipSigmas { get; init; } = 5;

    /// <summary>The forecaster refuses horizons beyond this.</summary>
    public TimeSpan MaxHorizon { get; init; } = TimeSpan.FromDays(30);

    internal long StepMilliseconds => (long)Step.TotalMilliseconds;

    internal void Validate()
    {
        if (Step < TimeSpan.FromMilliseconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(Step), Step, "Must be at least one millisecond.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(SeasonLength, HorizonLayout.MinimumSeasonLength, nameof(SeasonLength));
        RequireFraction(Alpha, nameof(Alpha));
        RequireFraction(Beta, nameof(Beta));
        RequireFraction(Gamma, nameof(Gamma));
        RequireFraction(Phi, nameof(Phi));
        if (!(ClipSigmas > 0) || !double.IsFinite(ClipSigmas))
        {
            throw new ArgumentOutOfRangeException(nameof(ClipSigmas), ClipSigmas, "Must be finite and positive.");
        }

        if (MaxHorizon <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxHorizon), MaxHorizon, "Must be positive.");
        }
    }

    internal static void Write(BinaryWriter writer, HoltWintersOptions options)
    {
        bool isDefault = options == Default;
        writer.Write(isDefault);
        if (isDefault)
        {
            return;
        }

        Snapshot.WriteTimeSpan(writer, options.Step);
        writer.Write(options.SeasonLength);
        writer.Write(options.Alpha);
        writer.Write(options.Beta);
        writer.Write(options.Gamma);
        writer.Write(options.Phi);
        writer.Write(options.ClipSigmas);
        Snapshot.WriteTimeSpan(writer, options.MaxHorizon);
    }

    internal static HoltWintersOptions Read(BinaryReader reader)
    {
        if (reader.ReadBoolean())
        {
            return Default;
        }

        var options = new HoltWintersOptions
        {
            Step = Snapshot.ReadTimeSpan(reader),
            SeasonLength = reader.ReadInt32(),
            Alpha = reader.ReadDouble(),
            Beta = reader.ReadDouble(),
            Gamma = reader.ReadDouble(),
            Phi = reader.ReadDouble(),
            ClipSigmas = reader.ReadDouble(),
            MaxHorizon = Snapshot.ReadTimeSpan(reader),
        };
        options.Validate();
        return options;
    }

    private static void RequireFraction(double value, string name)
    {
        if (!(value > 0 && value <= 1))
        {
            throw new ArgumentOutOfRangeException(name, value, "Must be in (0, 1].");
        }
    }
}
