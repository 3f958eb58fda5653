namespace Juno.Intelligence;

/// <summary>
/// The detector the grains run: the seasonal robust baseline and a shingle forest score each sample, each raw score is
/// calibrated against its own history by an <see cref="AnomalyLikelihood"/>, the most alarming of those two (the
/// seasonal one weighted down by <see cref="EnsembleDetectorOptions.SeasonalWeight"/>) and a weighted
/// <see cref="ContextNovelty"/> score is the level score, and an
/// <see cref="AnomalyOnset"/> turns that into an onset score that marks when an anomaly starts, and for
/// <see cref="EnsembleDetectorOptions.SuppressionSamples"/> samples after a score reaches
/// <see cref="EnsembleDetectorOptions.SuppressionThreshold"/> the final score is held at 0.
/// </summary>
/// <remarks>
/// The two parts see different things: the seasonal detector flags values far from the expected level for the hour,
/// the forest flags recent values (and steps between them) in a region it has rarely seen lately. Taking the maximum
/// after calibration keeps each part's alarms without the other's noise diluting them. Per update: no allocation.
/// </remarks>
public sealed class EnsembleDetector
{
    private const byte FormatVersion = 2;
    private const string TypeName = nameof(EnsembleDetector);

    private readonly EnsembleDetectorOptions _options;
    private readonly ShingleForest? _forest;
    private readonly AnomalyLikelihood? _seasonalLikelihood;
    private readonly AnomalyLikelihood? _forestLikelihood;
    private readonly AnomalyOnset? _onset;
    private readonly ContextNovelty? _novelty;

    // Samples still to be scored 0 after the last score that reached the suppression threshold.
    private int _suppressedLeft;

    public EnsembleDetector(EnsembleDetectorOptions? options = null)
    {
        _options = options ?? EnsembleDetectorOptions.Default;
        _options.Validate();
        Seasonal = new RobustSeasonalDetector(_options.Seasonal);
        _forest = _options.Forest is { } forest ? new ShingleForest(forest) : null;
        if (_options.Likelihood is { } likelihood)
        {
            _seasonalLikelihood = _options.UseSeasonalScore ? new AnomalyLikelihood(likelihood) : null;
            _forestLikelihood = _forest is null ? null : new AnomalyLikelihood(likelihood);
        }

        _onset = _options.OnsetMemory is { } memory ? new AnomalyOnset(memory) : null;
        _novelty = _options.NoveltyWeight is null ? null : new ContextNovelty();
    }

    // Restoring: every part comes from the snapshot, already checked against the options.
    private EnsembleDetector(
        EnsembleDetectorOptions options,
        RobustSeasonalDetector seasonal,
        ShingleForest? forest,
        AnomalyLikelihood? seasonalLikelihood,
        AnomalyLikelihood? forestLikelihood,
        AnomalyOnset? onset,
        ContextNovelty? novelty)
    {
        _options = options;
        Seasonal = seasonal;
        _forest = forest;
        _seasonalLikelihood = seasonalLikelihood;
        _forestLikelihood = forestLikelihood;
        _onset = onset;
        _novelty = novelty;
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
            if (_forest is not null)
            {
                level *= _options.SeasonalWeight;
            }
        }

        if (_forest is not null)
        {
            double forest = _forest.Update(value);
            level = Math.Max(level, _forestLikelihood?.Update(forest) ?? forest);
        }

        if (_novelty is not null)
        {
            level = Math.Max(level, _novelty.Update(value) * _options.NoveltyWeight!.Value);
        }

        LevelScore = level;
        LastScore = _onset?.Update(timestampMs, level) ?? level;
        if (_suppressedLeft > 0)
        {
            _suppressedLeft--;
            LastScore = 0;
        }
        else if (LastScore >= _options.SuppressionThreshold)
        {
            _suppressedLeft = _options.SuppressionSamples;
        }

        return LastScore;
    }

    /// <summary>Writes the state: the ensemble's own settings, then each part present (each carries its options).</summary>
    public void WriteTo(BinaryWriter writer)
    {
        Snapshot.WriteVersion(writer, FormatVersion);
        writer.Write(_options.UseSeasonalScore);
        writer.Write(_options.SeasonalWeight);
        writer.Write(_options.NoveltyWeight ?? 0);
        writer.Write(_options.SuppressionSamples);
        writer.Write(_options.SuppressionThreshold);
        writer.Write(_suppressedLeft);
        writer.Write(LevelScore);
        writer.Write(LastScore);
        Seasonal.WriteTo(writer);
        WritePart(writer, _forest, static (w, part) => part.WriteTo(w));
        WritePart(writer, _seasonalLikelihood, static (w, part) => part.WriteTo(w));
        WritePart(writer, _forestLikelihood, static (w, part) => part.WriteTo(w));
        WritePart(writer, _onset, static (w, part) => part.WriteTo(w));
        WritePart(writer, _novelty, static (w, part) => part.WriteTo(w));
    }

    public static EnsembleDetector ReadFrom(BinaryReader reader)
    {
        Snapshot.ReadVersion(reader, FormatVersion, TypeName);
        bool useSeasonalScore = reader.ReadBoolean();
        double seasonalWeight = reader.ReadDouble();
        double noveltyWeight = reader.ReadDouble();
        int suppressionSamples = reader.ReadInt32();
        double suppressionThreshold = reader.ReadDouble();
        int suppressedLeft = reader.ReadInt32();
        double level = reader.ReadDouble();
        double last = reader.ReadDouble();
        if (!(level is >= 0 and <= 1) || !(last is >= 0 and <= 1))
        {
            throw Snapshot.Invalid(TypeName, "scores out of range");
        }

        if (suppressedLeft < 0 || suppressedLeft > suppressionSamples)
        {
            throw Snapshot.Invalid(TypeName, "suppression count out of range");
        }

        var seasonal = RobustSeasonalDetector.ReadFrom(reader);
        ShingleForest? forest = ReadPart(reader, ShingleForest.ReadFrom);
        AnomalyLikelihood? seasonalLikelihood = ReadPart(reader, AnomalyLikelihood.ReadFrom);
        AnomalyLikelihood? forestLikelihood = ReadPart(reader, AnomalyLikelihood.ReadFrom);
        AnomalyOnset? onset = ReadPart(reader, AnomalyOnset.ReadFrom);
        ContextNovelty? novelty = ReadPart(reader, ContextNovelty.ReadFrom);
        var options = new EnsembleDetectorOptions
        {
            Seasonal = seasonal.Options,
            UseSeasonalScore = useSeasonalScore,
            SeasonalWeight = seasonalWeight,
            NoveltyWeight = novelty is null ? null : noveltyWeight,
            SuppressionSamples = suppressionSamples,
            SuppressionThreshold = suppressionThreshold,
            Forest = forest?.Options,
            Likelihood = (seasonalLikelihood ?? forestLikelihood)?.Options,
            OnsetMemory = onset?.Memory,
        };
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            throw Snapshot.Invalid(TypeName, e.Message);
        }

        // The parts present must be exactly the ones these options build, with one likelihood configuration.
        bool consistent = (novelty is null) == (noveltyWeight == 0)
            && (seasonalLikelihood is not null) == (options.Likelihood is not null && useSeasonalScore)
            && (forestLikelihood is not null) == (options.Likelihood is not null && forest is not null)
            && (seasonalLikelihood is null || forestLikelihood is null || seasonalLikelihood.Options == forestLikelihood.Options);
        if (!consistent)
        {
            throw Snapshot.Invalid(TypeName, "the parts present do not match its settings");
        }

        return new EnsembleDetector(options, seasonal, forest, seasonalLikelihood, forestLikelihood, onset, novelty)
        {
            LevelScore = level,
            LastScore = last,
            _suppressedLeft = suppressedLeft,
        };
    }

    private static void WritePart<T>(BinaryWriter writer, T? part, Action<BinaryWriter, T> write)
        where T : class
    {
        writer.Write(part is not null);
        if (part is not null)
        {
            write(writer, part);
        }
    }

    private static T? ReadPart<T>(BinaryReader reader, Func<BinaryReader, T> read)
        where T : class =>
        reader.ReadBoolean() ? read(reader) : null;
}
