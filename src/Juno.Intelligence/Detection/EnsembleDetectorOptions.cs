namespace Juno.Intelligence;

/// <summary>
/// Which parts an <see cref="EnsembleDetector"/> combines. The seasonal detector always runs (its baseline and scale
/// are what the grains explain anomalies with); the rest are optional so each part's effect can be measured.
/// </summary>
/// <remarks>
/// Chosen on the NAB corpus (benchmarks/Juno.Evaluation.Runner, one corpus-wide threshold per profile, no per-file
/// settings), so these are tuned values, not held-out results: the forest's shingle of 2 values (4, 8 and 16 scored
/// lower, 1 lower too), its 40 trees of depth 7 (depth 8 scored the same at twice the memory; 10-20 trees of depth 6-8 lost 2-5 points), the seasonal weight 0.6 (1.0: −2,
/// 0.4-0.5: about the same), the onset memory of 24 h (4 h and 12 h lower), and the likelihood's windows (short 10, history
/// 2000, floors 0.03 and 0.02), which were tried around their values without a better setting. Ideas that measured
/// worse and were dropped: decaying the forest's normalisation range, a time-of-day dimension in the shingle, an
/// exponentially weighted likelihood history, a subtractive onset stage, and other mappings of forest mass to raw score.
/// </remarks>
public sealed record EnsembleDetectorOptions
{
    /// <summary>Every part on, with the defaults chosen on the NAB corpus.</summary>
    public static EnsembleDetectorOptions Default { get; } = new();

    public RobustSeasonalDetectorOptions Seasonal { get; init; } = RobustSeasonalDetectorOptions.Default;

    /// <summary>Whether the seasonal detector's score is part of the ensemble score (it runs either way).</summary>
    public bool UseSeasonalScore { get; init; } = true;

    /// <summary>
    /// Weight of the seasonal part against the forest (which has weight 1) when both are combined: the seasonal part's
    /// calibrated score is scaled by it before the maximum is taken, so it only wins when it is clearly more alarmed.
    /// </summary>
    public double SeasonalWeight { get; init; } = 0.6;

    /// <summary>The shingle forest; null leaves it out.</summary>
    public ShingleForestOptions? Forest { get; init; } = ShingleForestOptions.Default;

    /// <summary>The likelihood layer each part's raw score passes through; null combines the raw scores directly.</summary>
    public LikelihoodOptions? Likelihood { get; init; } = LikelihoodOptions.Default;

    /// <summary>
    /// Weight of the <see cref="ContextNovelty"/> part (its raw score, scaled by this, joins the maximum with the
    /// calibrated scores); null leaves it out.
    /// </summary>
    /// <remarks>
    /// Chosen on the NAB corpus (standard / low FP / low FN, with 100-sample suppression at 0.35): without it 61.11 /
    /// 52.00 / 66.15; 0.4: 63.76 / 51.66 / 70.40; 0.5: 66.26 / 54.18 / 72.20; 0.6: 67.30 / 55.44 / 73.76; 0.65: 67.93 /
    /// 54.75 / 74.07; 0.7: 66.09 / 50.98 / 73.23; 1.0: 66.45 / 50.82 / 74.22. Passing its score through a likelihood
    /// instead scored lower (65.85 / 56.38 / 72.68 at weight 1).
    /// </remarks>
    public double? NoveltyWeight { get; init; } = 0.6;

    /// <summary>Memory of the onset stage that reports the start of an anomaly; null reports the level score.</summary>
    public TimeSpan? OnsetMemory { get; init; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Once the final score reaches <see cref="SuppressionThreshold"/>, the next this many samples score 0; 0 turns
    /// suppression off. In samples, not time, so it scales with the series' own sample rate.
    /// </summary>
    /// <remarks>
    /// The onset stage only discounts later scores by the alarm's peak, so a run's weaker echoes (the anomaly ending,
    /// the baseline re-learning) can still be flagged; the wrappers that score HTM and CAD OSE on NAB silence the
    /// detector after a detection in the same way. Chosen on the NAB corpus (standard / low FP / low FN, full ensemble):
    /// none 59.61 / 50.38 / 65.12; 100 samples at 0.35: 61.11 / 52.00 / 66.15; 50-115 samples at 0.35 all within 0.15
    /// of that; at 0.3 standard reaches 62.4 but low FP falls below none, and 0.2-0.25 or 130+ samples lose on all three.
    /// </remarks>
    public int SuppressionSamples { get; init; } = 100;

    /// <summary>The final score at which suppression starts (see <see cref="SuppressionSamples"/>).</summary>
    public double SuppressionThreshold { get; init; } = 0.35;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Seasonal, nameof(Seasonal));
        Seasonal.Validate();
        Forest?.Validate();
        Likelihood?.Validate();
        if (!UseSeasonalScore && Forest is null && NoveltyWeight is null)
        {
            throw new ArgumentException("At least one of the seasonal score, the forest and the novelty must be used.", nameof(Forest));
        }

        if (!(SeasonalWeight > 0) || SeasonalWeight > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(SeasonalWeight), SeasonalWeight, "Must be in (0, 1].");
        }

        if (NoveltyWeight is { } weight && (!(weight > 0) || weight > 1))
        {
            throw new ArgumentOutOfRangeException(nameof(NoveltyWeight), weight, "Must be in (0, 1].");
        }

        if (SuppressionSamples < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(SuppressionSamples), SuppressionSamples, "Must not be negative.");
        }

        if (!(SuppressionThreshold > 0) || SuppressionThreshold > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(SuppressionThreshold), SuppressionThreshold, "Must be in (0, 1].");
        }

        if (OnsetMemory is { } memory && memory <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(OnsetMemory), memory, "Must be positive.");
        }
    }
}
