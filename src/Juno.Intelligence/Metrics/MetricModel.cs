namespace Juno.Intelligence;

/// <summary>
/// Everything a grain keeps for one metric: the anomaly detector, the forecaster and the last accepted sample.
/// It is the ordering gate for both models: only strictly newer, finite samples reach them.
/// </summary>
public sealed class MetricModel
{
    private const byte FormatVersion = 1;
    private const string TypeName = nameof(MetricModel);

    public MetricModel()
        : this(new RobustSeasonalDetector(), new HoltWintersForecaster())
    {
    }

    public MetricModel(RobustSeasonalDetectorOptions? detectorOptions, HoltWintersOptions? forecasterOptions)
        : this(new RobustSeasonalDetector(detectorOptions), new HoltWintersForecaster(forecasterOptions))
    {
    }

    private MetricModel(RobustSeasonalDetector detector, HoltWintersForecaster forecaster)
    {
        Detector = detector;
        Forecaster = forecaster;
    }

    public RobustSeasonalDetector Detector { get; }

    public HoltWintersForecaster Forecaster { get; }

    public double LastValue { get; private set; }

    /// <summary>Timestamp of the last accepted sample (0 before any).</summary>
    public long LastTimestampMs { get; private set; }

    public long SamplesSeen { get; private set; }

    public double AnomalyScore => Detector.LastScore;

    public double Baseline => Detector.Baseline;

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

        return new MetricModel(RobustSeasonalDetector.ReadFrom(reader), HoltWintersForecaster.ReadFrom(reader))
        {
            LastValue = lastValue,
            LastTimestampMs = lastTimestampMs,
            SamplesSeen = samplesSeen,
        };
    }
}
