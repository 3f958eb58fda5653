namespace Juno.Intelligence;

/// <summary>
/// Everything a grain keeps for one metric: the anomaly detector, the forecaster and the last accepted sample.
/// It is the ordering gate for both models: only strictly newer, finite samples reach them.
/// </summary>
/// <remarks>
/// The detector is the <see cref="EnsembleDetector"/> chosen on NAB (benchmarks/Juno.Evaluation.Runner). Its onset score
/// is what NAB scores; the grains need a level score instead (a node is cordoned only after several anomalous ticks in
/// a row, and incidents have their own quiet period), so <see cref="AnomalyScore"/> is the higher of the seasonal
/// detector's own score (calibrated in robust z-scores and available from its 30th sample) and the ensemble's
/// calibrated level score (which adds shape novelty once a few hundred samples of history exist).
/// </remarks>
public sealed class MetricModel
{
    private const byte FormatVersion = 3;
    private const string TypeName = nameof(MetricModel);

    public MetricModel()
        : this(new EnsembleDetector(), new SeasonalForecaster())
    {
    }

    public MetricModel(RobustSeasonalDetectorOptions? detectorOptions, SeasonalForecasterOptions? forecasterOptions)
        : this(
            new EnsembleDetector(EnsembleDetectorOptions.Default with { Seasonal = detectorOptions ?? RobustSeasonalDetectorOptions.Default }),
            new SeasonalForecaster(forecasterOptions))
    {
    }

    private MetricModel(EnsembleDetector detector, SeasonalForecaster forecaster)
    {
        Detector = detector;
        Forecaster = forecaster;
    }

    public EnsembleDetector Detector { get; }

    /// <summary>
    /// The forecaster chosen on nyc_taxi and NAB's traffic and tweet series (benchmarks/Juno.Forecast.Runner): daily and
    /// weekly seasonality with a persistence term; it replaced a daily Holt-Winters that lost to seasonal-naive there.
    /// </summary>
    public SeasonalForecaster Forecaster { get; }

    public double LastValue { get; private set; }

    /// <summary>Timestamp of the last accepted sample (0 before any).</summary>
    public long LastTimestampMs { get; private set; }

    public long SamplesSeen { get; private set; }

    /// <summary>Level anomaly score in [0, 1], high for as long as the anomaly lasts (see the remarks).</summary>
    public double AnomalyScore => Math.Max(Detector.Seasonal.LastScore, Detector.LevelScore);

    /// <summary>Onset score in [0, 1]: high on the first sample of an anomaly, low for the rest of it (what NAB scores).</summary>
    public double OnsetScore => Detector.LastScore;

    public double Baseline => Detector.Seasonal.Baseline;

    /// <summary>The seasonal detector's noise scale (a Gaussian-equivalent standard deviation).</summary>
    public double Scale => Detector.Seasonal.Scale;

    /// <summary>Applies one sample; never throws for bad data, it reports it instead.</summary>
    public MetricUpdate Update(long timestampMs, double value)
    {
        if (!double.IsFinite(value))
        {
            return MetricUpdate.NonFinite;
        }

        if (SamplesSeen > 0 && timestampMs <= LastTimestampMs)
        {
            return MetricUpdate.Stale;
        }

        Detector.Update(timestampMs, value);
        Forecaster.Observe(timestampMs, value);
        LastValue = value;
        LastTimestampMs = timestampMs;
        SamplesSeen++;
        return MetricUpdate.Accepted;
    }

    public void WriteTo(BinaryWriter writer)
    {
        Snapshot.WriteVersion(writer, FormatVersion);
        writer.Write(LastValue);
        writer.Write(LastTimestampMs);
        writer.Write(SamplesSeen);
        Detector.WriteTo(writer);
        Forecaster.WriteTo(writer);
    }

    public static MetricModel ReadFrom(BinaryReader reader)
    {
        Snapshot.ReadVersion(reader, FormatVersion, TypeName);
        double lastValue = reader.ReadDouble();
        long lastTimestampMs = reader.ReadInt64();
        long samplesSeen = reader.ReadInt64();
        if (samplesSeen < 0 || !double.IsFinite(lastValue))
        {
            throw Snapshot.Invalid(TypeName, "last sample out of range");
        }

        return new MetricModel(EnsembleDetector.ReadFrom(reader), SeasonalForecaster.ReadFrom(reader))
        {
            LastValue = lastValue,
            LastTimestampMs = lastTimestampMs,
            SamplesSeen = samplesSeen,
        };
    }
}
