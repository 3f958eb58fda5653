namespace Juno.Intelligence;

/// <summary>
/// Tuning of <see cref="EntityDiagnoser"/>. Time-based settings are time constants or windows rather than sample
/// counts so the diagnoser behaves the same whether metrics are scraped every 15 s or every 5 min; the history ring
/// is the exception and bounds memory.
/// </summary>
public sealed record DiagnoserOptions
{
    public static DiagnoserOptions Default { get; } = new();

    /// <summary>Samples kept per metric for typing and slopes (64 is an hour at one-minute scrapes).</summary>
    public int HistoryLength { get; init; } = 64;

    /// <summary>A metric whose latest sample is older than this is left out of the multivariate statistic.</summary>
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How slowly the correlation between residuals is tracked: slowly, so an incident can't teach it that the incident
    /// is normal.
    /// </summary>
    public TimeSpan CorrelationTimeConstant { get; init; } = TimeSpan.FromHours(12);

    /// <summary>
    /// Weight of the identity in the correlation used for scoring, (1 − λ)·R + λ·I. It bounds the condition number, so
    /// two metrics that happen to have moved together for a while can't make a small disagreement look enormous.
    /// </summary>
    public double CorrelationShrinkage { get; init; } = 0.2;

    /// <summary>Equivalent robust z that maps to a score of 0.5 (the detector's default, so both scores read alike).</summary>
    public double ScoreMidpoint { get; init; } = 6.5;

    /// <summary>Equivalent-z distance over which the logistic score moves from 0.5 to ~0.73.</summary>
    public double ScoreWidth { get; init; } = 1;

    /// <summary>|robust z| from which a sample counts as part of an excursion (and a metric as involved).</summary>
    public double ExcursionSigmas { get; init; } = 3;

    /// <summary>An excursion of at most this many samples is a spike; a longer one is typed by its shape.</summary>
    public int SpikeMaxSamples { get; init; } = 3;

    /// <summary>How far back the shape of an excursion is read.</summary>
    public TimeSpan TypeWindow { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Age at which a sample's weight in <see cref="EntityDiagnoser.Slope(int)"/> has fallen to 1/e.</summary>
    public TimeSpan SlopeTimeConstant { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>A negative excursion is a drop when the value has fallen to at most this fraction of the expected value.</summary>
    public double DropRatio { get; init; } = 0.5;

    /// <summary>
    /// An excursion is a seasonal break when the value sits within this fraction of the deviation from the day's
    /// average level, i.e. the hour-of-day part of the expectation explains all but this much of the deviation.
    /// </summary>
    public double SeasonalExplainedFraction { get; init; } = 0.35;

    /// <summary>A metric is listed as a driver when its share of the statistic is at least this.</summary>
    public double MinDriverShare { get; init; } = 0.1;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(HistoryLength, 8, nameof(HistoryLength));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(HistoryLength, 4096, nameof(HistoryLength));
        RequirePositive(StaleAfter, nameof(StaleAfter));
        RequirePositive(CorrelationTimeConstant, nameof(CorrelationTimeConstant));
        RequireFraction(CorrelationShrinkage, nameof(CorrelationShrinkage), allowZero: false);
        RequirePositive(ScoreMidpoint, nameof(ScoreMidpoint));
        RequirePositive(ScoreWidth, nameof(ScoreWidth));
        RequirePositive(ExcursionSigmas, nameof(ExcursionSigmas));
        ArgumentOutOfRangeException.ThrowIfLessThan(SpikeMaxSamples, 1, nameof(SpikeMaxSamples));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(SpikeMaxSamples, HistoryLength, nameof(SpikeMaxSamples));
        RequirePositive(TypeWindow, nameof(TypeWindow));
        RequirePositive(SlopeTimeConstant, nameof(SlopeTimeConstant));
        RequireFraction(DropRatio, nameof(DropRatio), allowZero: false);
        RequireFraction(SeasonalExplainedFraction, nameof(SeasonalExplainedFraction), allowZero: false);
        RequireFraction(MinDriverShare, nameof(MinDriverShare), allowZero: true);
    }

    // Snapshots carry the options so a restored diagnoser behaves exactly like the original; default options cost one
    // byte and restore to the shared Default instance.
    internal static void Write(BinaryWriter writer, DiagnoserOptions options)
    {
        bool isDefault = options == Default;
        writer.Write(isDefault);
        if (isDefault)
        {
            return;
        }

        writer.Write(options.HistoryLength);
        Snapshot.WriteTimeSpan(writer, options.StaleAfter);
        Snapshot.WriteTimeSpan(writer, options.CorrelationTimeConstant);
        writer.Write(options.CorrelationShrinkage);
        writer.Write(options.ScoreMidpoint);
        writer.Write(options.ScoreWidth);
        writer.Write(options.ExcursionSigmas);
        writer.Write(options.SpikeMaxSamples);
        Snapshot.WriteTimeSpan(writer, options.TypeWindow);
        Snapshot.WriteTimeSpan(writer, options.SlopeTimeConstant);
        writer.Write(options.DropRatio);
        writer.Write(options.SeasonalExplainedFraction);
        writer.Write(options.MinDriverShare);
    }

    internal static DiagnoserOptions Read(BinaryReader reader)
    {
        if (reader.ReadBoolean())
        {
            return Default;
        }

        var options = new DiagnoserOptions
        {
            HistoryLength = reader.ReadInt32(),
            StaleAfter = Snapshot.ReadTimeSpan(reader),
            CorrelationTimeConstant = Snapshot.ReadTimeSpan(reader),
            CorrelationShrinkage = reader.ReadDouble(),
            ScoreMidpoint = reader.ReadDouble(),
            ScoreWidth = reader.ReadDouble(),
            ExcursionSigmas = reader.ReadDouble(),
            SpikeMaxSamples = reader.ReadInt32(),
            TypeWindow = Snapshot.ReadTimeSpan(reader),
            SlopeTimeConstant = Snapshot.ReadTimeSpan(reader),
            DropRatio = reader.ReadDouble(),
            SeasonalExplainedFraction = reader.ReadDouble(),
            MinDriverShare = reader.ReadDouble(),
        };
        try
        {
            options.Validate();
        }
        catch (ArgumentOutOfRangeException exception)
        {
            throw Snapshot.Invalid(nameof(EntityDiagnoser), $"option {exception.ParamName} out of range");
        }

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

    private static void RequireFraction(double value, string name, bool allowZero)
    {
        if (!(value <= 1) || (allowZero ? !(value >= 0) : !(value > 0)))
        {
            throw new ArgumentOutOfRangeException(name, value, allowZero ? "Must be in [0, 1]." : "Must be in (0, 1].");
        }
    }
}
