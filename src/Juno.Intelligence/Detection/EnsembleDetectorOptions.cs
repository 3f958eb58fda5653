namespace Juno.Intelligence;

/// <summary>
/// Which parts an <see cref="EnsembleDetector"/> combines. The seasonal detector always runs (its baseline and scale
/// are what the grains explain anomalies with); the rest are optional so each part's effect can be measured.
/// </summary>
public sealed record EnsembleDetectorOptions
{
    /// <summary>Every part on, with the defaults chosen on the NAB corpus.</summary>
    public static EnsembleDetectorOptions Default { get; } = new();

    public RobustSeasonalDetectorOptions Seasonal { get; init; } = RobustSeasonalDetectorOptions.Default;

    /// <summary>Whether the seasonal detector's score is part of the ensemble score (it runs either way).</summary>
    public bool UseSeasonalScore { get; init; } = true;

    /// <summary>The shingle forest; null leaves it out.</summary>
    public ShingleForestOptions? Forest { get; init; } = ShingleForestOptions.Default;

    /// <summary>The likelihood layer each part's raw score passes through; null combines the raw scores directly.</summary>
    public LikelihoodOptions? Likelihood { get; init; } = LikelihoodOptions.Default;

    /// <summary>Memory of the onset stage that reports the start of an anomaly; null reports the level score.</summary>
    public TimeSpan? OnsetMemory { get; init; } = AnomalyOnset.DefaultMemory;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Seasonal, nameof(Seasonal));
        Seasonal.Validate();
        Forest?.Validate();
        Likelihood?.Validate();
        if (!UseSeasonalScore && Forest is null)
        {
            throw new ArgumentException("At least one of the seasonal score and the forest must be used.", nameof(Forest));
        }

        if (OnsetMemory is { } memory && memory <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(OnsetMemory), memory, "Must be positive.");
        }
    }
}
