using Juno.Contracts.Status;
using Juno.Contracts.Telemetry;
using Juno.Intelligence;

namespace Juno.Grains.Modelling;

/// <summary>The per-metric detector and forecaster of one entity. Shared by workload, node and tenant
/// grains so ingestion, status and forecasts behave the same for every kind of entity.</summary>
internal sealed class EntityModels
{
    // Version 2 adds the diagnoser after the metric models; version 1 checkpoints load with a fresh diagnoser.
    private const byte FormatVersion = 2;
    private const byte MetricsOnlyVersion = 1;

    private static readonly (string Name, TimeSpan Span)[] Horizons =
    [
        ("15m", TimeSpan.FromMinutes(15)),
        ("1h", TimeSpan.FromHours(1)),
        ("24h", TimeSpan.FromHours(24)),
    ];

    private readonly MetricModel[] _metrics;
    private int _lastSnapshotBytes = 16 * 1024;

    public EntityModels()
        : this(CreateFresh(), new EntityDiagnoser())
    {
    }

    private EntityModels(MetricModel[] metrics, EntityDiagnoser diagnoser)
    {
        _metrics = metrics;
        Diagnoser = diagnoser;
    }

    /// <summary>The view across all metrics: multivariate score, drivers, type, slopes. Fed by every accepted sample.</summary>
    public EntityDiagnoser Diagnoser { get; }

    public MetricModel this[MetricKind metric] => _metrics[(int)metric];

    public long SamplesSeen
    {
        get
        {
            long total = 0;
            foreach (var model in _metrics)
            {
                total += model.SamplesSeen;
            }

            return total;
        }
    }

    /// <summary>The entity's anomaly score: the highest score among metrics that have data.</summary>
    public double AnomalyScore => DrivingMetric().Score;

    public long LastTimestampMs
    {
        get
        {
            long last = 0;
            foreach (var model in _metrics)
            {
                last = Math.Max(last, model.LastTimestampMs);
            }

            return last;
        }
    }

    /// <summary>Applies every sample in order. Stale (not newer than the metric's last accepted sample)
    /// and non-finite samples are counted and skipped, never applied, so a redelivered batch is harmless.</summary>
    public IngestResult Ingest(ReadOnlySpan<MetricSample> samples)
    {
        int accepted = 0, stale = 0, nonFinite = 0;
        var maxScore = 0.0;
        foreach (ref readonly var sample in samples)
        {
            if ((uint)sample.Metric >= (uint)_metrics.Length)
            {
                nonFinite++;
                continue;
            }

            var model = _metrics[(int)sample.Metric];

            // What the sample is scored against, read before the detector learns from it; during the detector's
            // warm-up these are placeholders the diagnoser would take for an anomaly, so it waits too.
            var warmedUp = model.Detector.Seasonal.Count >= model.Detector.Seasonal.Options.WarmupSamples;
            var expected = model.Baseline;
            var scale = model.Scale;
            switch (model.Update(sample.TimestampMs, sample.Value))
            {
                case MetricUpdate.Accepted:
                    accepted++;
                    maxScore = Math.Max(maxScore, model.AnomalyScore);
                    if (warmedUp)
                    {
                        Diagnoser.Observe((int)sample.Metric, new MetricObservation(sample.TimestampMs, sample.Value, expected, scale, model.AnomalyScore));
                    }

                    break;
                case MetricUpdate.Stale:
                    stale++;
                    break;
                default:
                    nonFinite++;
                    break;
            }
        }

        return new IngestResult(accepted, stale, nonFinite, maxScore);
    }

    public (MetricKind Metric, double Score, double Value) DrivingMetric()
    {
        (MetricKind, double, double) best = (MetricKind.Cpu, 0, 0);
        foreach (var metric in MetricKinds.All)
        {
            var model = _metrics[(int)metric];
            if (model.SamplesSeen > 0 && model.AnomalyScore > best.Item2)
            {
                best = (metric, model.AnomalyScore, model.LastValue);
            }
        }

        return best;
    }

    public MetricStatus[] Status()
    {
        var result = new List<MetricStatus>(_metrics.Length);
        foreach (var metric in MetricKinds.All)
        {
            var model = _metrics[(int)metric];
            if (model.SamplesSeen > 0)
            {
                result.Add(new MetricStatus(metric, model.LastValue, model.LastTimestampMs, model.AnomalyScore, model.Baseline, model.SamplesSeen));
            }
        }

        return [.. result];
    }

    public MetricForecast[] Forecast()
    {
        var result = new List<MetricForecast>(_metrics.Length);
        foreach (var metric in MetricKinds.All)
        {
            var model = _metrics[(int)metric];
            if (model.SamplesSeen == 0)
            {
                continue;
            }

            var horizons = new HorizonForecast[Horizons.Length];
            for (var i = 0; i < Horizons.Length; i++)
            {
                var point = model.Forecaster.Forecast(Horizons[i].Span);
                horizons[i] = new HorizonForecast(Horizons[i].Name, point.TargetTimestampMs, point.Mean, point.Lower80, point.Upper80, point.Lower95, point.Upper95);
            }

            result.Add(new MetricForecast(metric, model.Forecaster.SeasonalityLearned, horizons));
        }

        return [.. result];
    }

    public double ForecastMean(MetricKind metric, TimeSpan horizon) =>
        _metrics[(int)metric].SamplesSeen == 0 ? 0 : _metrics[(int)metric].Forecaster.Forecast(horizon).Mean;

    public byte[] Save()
    {
        // Sized from the last checkpoint: a snapshot is ~84 KB, and letting the stream double its way there would
        // allocate it about twice over on every checkpoint.
        using var buffer = new MemoryStream(_lastSnapshotBytes);
        using (var writer = new BinaryWriter(buffer))
        {
            writer.Write(FormatVersion);
            writer.Write((byte)_metrics.Length);
            foreach (var model in _metrics)
            {
                model.WriteTo(writer);
            }

            Diagnoser.WriteTo(writer);
        }

        // The writer closed the stream: ToArray still works on a closed MemoryStream, Length does not.
        var snapshot = buffer.ToArray();
        _lastSnapshotBytes = snapshot.Length;
        return snapshot;
    }

    /// <summary>Restores a checkpoint; null or empty means a new entity.</summary>
    public static EntityModels Load(byte[]? snapshot)
    {
        if (snapshot is not { Length: > 0 })
        {
            return new EntityModels();
        }

        using var reader = new BinaryReader(new MemoryStream(snapshot));
        var version = reader.ReadByte();
        if (version is not (FormatVersion or MetricsOnlyVersion))
        {
            throw new InvalidDataException($"Entity model checkpoint has format version {version}; this silo reads version {FormatVersion}.");
        }

        var count = reader.ReadByte();
        var metrics = CreateFresh();
        for (var i = 0; i < count; i++)
        {
            var model = MetricModel.ReadFrom(reader);
            if (i < metrics.Length)
            {
                metrics[i] = model;
            }
        }

        return new EntityModels(metrics, version == FormatVersion ? EntityDiagnoser.ReadFrom(reader) : new EntityDiagnoser());
    }

    private static MetricModel[] CreateFresh()
    {
        var metrics = new MetricModel[MetricKinds.Count];
        for (var i = 0; i < metrics.Length; i++)
        {
            metrics[i] = MetricTuning.NewModel((MetricKind)i);
        }

        return metrics;
    }
}
