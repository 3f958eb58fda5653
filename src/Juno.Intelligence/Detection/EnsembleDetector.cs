namespace Juno.Intelligence;

/// <summary>
/// The detector the grains run: the seasonal robust baseline and a shingle forest score each sample, each raw score is
/// calibrated against its own history by an <see cref="AnomalyLikelihood"/>, the more alarming of the two is the level
/// score, and an <see cref="AnomalyOnset"/> turns that into an onset score that marks when an anomaly starts.
/// </summary>
/// <remarks>
/// The two parts see different things: the seasonal detector flags values far from the expected level for the hour,
/// the forest flags recent shapes it has rarely seen. Taking the maximum after calibration keeps each part's alarms
/// without the other's noise diluting them. Per update: no allocation.
/// </remarks>
public sealed class EnsembleDetector
{
    private const byte FormatVersion = 1;
    private const string TypeName = nameof(EnsembleDetector);

    private readonly EnsembleDetectorOptions _options;
    private readonly ShingleForest? _forest;
    private readonly AnomalyLikelihood? _seasonalLikelihood;
    private readonly AnomalyLikelihood? _forestLikelihood;
    private readonly AnomalyOnset? _onset;

    public EnsembleDetector(EnsembleDetectorOptions? options = null)
        : this(options ?? EnsembleDetectorOptions.Default, null)
    {
    }

    private EnsembleDetector(EnsembleDetectorOptions options, RobustSeasonalDetector? seasonal)
    {
        options.Validate();
        _options = options;
        Seasonal = seasonal ?? new RobustSeasonalDetector(options.Seasonal);
        _forest = options.Forest is { } forest ? new ShingleForest(forest) : null;
        if (options.Likelihood is { } likelihood)
        {
            _seasonalLikelihood = options.UseSeasonalScore ? new AnomalyLikelihood(likelihood) : null;
            _forestLikelihood = _forest is null ? null : new AnomalyLikelihood(likelihood);
        }

        _onset = options.OnsetMemory is { } memory ? new AnomalyOnset(memory) : null;
    }

    public EnsembleDetectorOptions Options => _options;

    /// <summary>The seasonal baseline: expected value, scale and its own score for explanations.</summary>
    public RobustSeasonalDetector Seasonal { get; }

    /// <summary>Calibrated level score in [0, 1]: high for as long as the anomaly lasts.</summary>
    public double LevelScore { get; private set; }

    /// <summary>The final score in [0, 1]: the onset score when the onset stage is on, else the level score.</summary>
    public double LastScore { get; private set; }

    public long Count => Seasonal.Count;

    /// <summary>Scores the sample with every part, then lets every part learn from it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN or infinite; the detector is unchanged.</exception>
    public double Update(long timestampMs, double value)
    {
        double seasonal = Seasonal.Update(timestampMs, value);
        double level = 0;
        if (_options.UseSeasonalScore)
        {
            level = _seasonalLikelihood?.Update(seasonal) ?? seasonal;
        }

        if (_forest is not null)
        {
            double forest = _forest.Update(value);
            level = Math.Max(level, _forestLikelihood?.Update(forest) ?? forest);
        }

        LevelScore = level;
        LastScore = _onset?.Update(timestampMs, level) ?? level;
        return LastScore;
    }
}
