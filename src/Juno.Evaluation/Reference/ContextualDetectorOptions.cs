namespace Juno.Evaluation.Reference;

/// <summary>Settings of a <see cref="ContextualAnomalyDetector"/>; the defaults are those of NAB's CAD OSE wrapper.</summary>
public sealed record ContextualDetectorOptions
{
    public static ContextualDetectorOptions Default { get; } = new();

    /// <summary>Bits of a value's level: the range is cut into 2^bits - 1 steps, and each bit is a pair of facts.</summary>
    public int ValueBits { get; init; } = 3;

    /// <summary>A score at or above this starts a rest: the next <see cref="RestSamples"/> scores are reported as 0.</summary>
    public double AlarmThreshold { get; init; } = 0.75;

    /// <remarks>
    /// NAB's wrapper rests for a fifth of the probation (48-150 rows, from the series' length); a fixed 30 scores the
    /// same on our corpus (76.44 against 76.39 standard with the whole-file range), and 60 / 100 / 150 score 74.37 /
    /// 71.03 / 68.06, so the fixed value is used and the series' length stays unknown to the detector.
    /// </remarks>
    public int RestSamples { get; init; } = 30;

    /// <summary>Longest left half a general context may have (longer overlaps are too specific to generalise).</summary>
    public int MaxLeftFacts { get; init; } = 7;

    /// <summary>How many of the contexts that came true feed the next step as facts (the most used ones).</summary>
    public int MaxActiveContexts { get; init; } = 15;

    /// <summary>Most contexts kept; past it nothing new is learned (every unfamiliar step still counts as new).</summary>
    public int Capacity { get; init; } = 1 << 20;

    /// <summary>
    /// The value range the levels cut, when it is known in advance: NAB hands every detector the whole file's minimum and
    /// maximum before the first row, which is look-ahead. Null learns the range from the first
    /// <see cref="RangeWarmUpSamples"/> values (then replayed into the memory and scored 0), which is all a grain has.
    /// </summary>
    /// <remarks>
    /// Measured on our corpus (standard / low FP / low FN, rest 30 unless said): whole-file range 76.44 / 73.80 / 79.37;
    /// first 150 / 300 / 600 rows (rest = a fifth of the probation) 48.33 / 58.01 / 54.40 standard; first 300 rows with
    /// rest 30 58.74 / 47.06 / 64.54; the 300-row range widened by half of itself on each side 55.92, clamped to one
    /// level beyond it 45.08, both 53.43, grown whenever a value falls outside 53.84. No streaming range came within
    /// 18 points of the whole-file one.
    /// </remarks>
    public (double Min, double Max)? Range { get; init; }

    public int RangeWarmUpSamples { get; init; } = 300;

    internal void Validate()
    {
        if (ValueBits is < 1 or > 8)
        {
            throw new ArgumentOutOfRangeException(nameof(ValueBits), ValueBits, "Must be 1..8.");
        }

        if (!(AlarmThreshold > 0) || AlarmThreshold > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(AlarmThreshold), AlarmThreshold, "Must be in (0, 1].");
        }

        if (RestSamples < 0 || MaxLeftFacts < 1 || MaxActiveContexts < 0 || Capacity < 1 || RangeWarmUpSamples < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(RestSamples), "Counts must be positive (rest and active contexts may be 0).");
        }

        if (Range is { } range && !(double.IsFinite(range.Min) && double.IsFinite(range.Max) && range.Min <= range.Max))
        {
            throw new ArgumentOutOfRangeException(nameof(Range), range, "Must be finite with Min <= Max.");
        }
    }
}
