namespace Juno.Intelligence;

/// <summary>
/// Combines an entity's five per-metric detector outputs into one diagnosis: a multivariate score, a severity, the
/// shape of the excursion and the metrics that drove it. Metric indices follow MetricKind: cpu 0, memory 1, latency p95
/// 2, error rate 3, request rate 4.
/// </summary>
/// <remarks>
/// <para>
/// Score. With z the vector of the latest signed robust residuals of the fresh metrics (sampled within
/// <see cref="DiagnoserOptions.StaleAfter"/>), d² = zᵀ S⁻¹ z where S is the slowly tracked, shrunk correlation of the
/// residuals (<see cref="ResidualCorrelation"/>). Under independent Gaussian residuals d² is χ² with k = number of fresh
/// metrics degrees of freedom; its tail is converted to the single-metric |z| with the same two-sided tail, and that
/// goes through the detector's logistic (midpoint 6.5, width 1), so the entity score reads like a detector score.
/// Unlike the maximum of per-metric scores, latency and errors both at z = 5 (score 0.39) outrank latency alone at
/// z = 6 (0.17); and cpu with request rate moving together as usual counts about once. The price is that a lone metric
/// reads lower than its own detector (z = 8: 0.63 against 0.82; z = 10: 0.94 against 0.97), which is deliberate: one
/// gauge off is weaker evidence that the entity is in trouble than several.
/// </para>
/// <para>
/// Drivers. Metric i contributes z_i (S⁻¹ z)_i to d²; its share is its positive contribution over the sum of positive
/// contributions. Drivers are the metrics with share ≥ <see cref="DiagnoserOptions.MinDriverShare"/>, largest first
/// (the largest always). Severity is set by <see cref="SeverityRules"/>, the type by
/// <see cref="AnomalyTypeClassifier"/> from the top driver.
/// </para>
/// <para>
/// The correlation learns from whole scrape batches: when an observation arrives with a newer timestamp than the
/// batch in progress, the residual vector as it stood (every fresh metric's latest z) is committed; pairs with a
/// stale or missing metric are left as they were, so an entity that never reports one metric still learns the rest. Observations not newer than their metric's last are ignored, as <see cref="MetricModel"/> does.
/// Feed it only from detectors past their warm-up: before that their expectation and scale are placeholders, and the
/// huge residuals they imply would be taken for an anomaly and seed the correlation with noise.
/// </para>
/// </remarks>
public sealed class EntityDiagnoser
{
    public const int Metrics = EntityMetrics.Count;
    private const byte FormatVersion = 1;
    private const string TypeName = nameof(EntityDiagnoser);
    private const long NoBatch = long.MinValue;

    private readonly DiagnoserOptions _options;
    private readonly MetricHistory[] _histories;
    private readonly ResidualCorrelation _correlation;
    private long _batchTimestampMs = NoBatch;

    public EntityDiagnoser(DiagnoserOptions? options = null)
        : this(Validated(options ?? DiagnoserOptions.Default), null, new ResidualCorrelation())
    {
    }

    private EntityDiagnoser(DiagnoserOptions options, MetricHistory[]? histories, ResidualCorrelation correlation)
    {
        _options = options;
        _histories = histories ?? CreateHistories(options.HistoryLength);
        _correlation = correlation;
    }

    public DiagnoserOptions Options => _options;

    internal ResidualCorrelation Correlation => _correlation;

    /// <summary>Records one detector output for <paramref name="metric"/>. Allocation-free.</summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="metric"/> is not in [0, <see cref="Metrics"/>), or <paramref name="observation"/> has a
    /// non-finite value or expected value, a scale that isn't finite and positive, or a score outside [0, 1].
    /// </exception>
    public void Observe(int metric, MetricObservation observation)
    {
        if ((uint)metric >= Metrics)
        {
            throw new ArgumentOutOfRangeException(nameof(metric), metric, $"Must be in [0, {Metrics}).");
        }

        if (!double.IsFinite(observation.Value) || !double.IsFinite(observation.Expected))
        {
            throw new ArgumentOutOfRangeException(nameof(observation), observation, "Value and Expected must be finite.");
        }

        if (!(observation.Scale > 0) || !double.IsFinite(observation.Scale))
        {
            throw new ArgumentOutOfRangeException(nameof(observation), observation, "Scale must be finite and positive.");
        }

        if (!(observation.Score is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(observation), observation, "Score must be in [0, 1].");
        }

        MetricHistory history = _histories[metric];
        if (history.Count > 0 && observation.TimestampMs <= history.LastTimestampMs)
        {
            return;
        }

        if (observation.TimestampMs > _batchTimestampMs)
        {
            CommitBatch();
            _batchTimestampMs = observation.TimestampMs;
        }

        history.Append(observation);
    }

    /// <summary>The entity's diagnosis at <paramref name="nowMs"/>, from the latest sample of each fresh metric.</summary>
    public EntityDiagnosis Diagnose(long nowMs)
    {
        Span<int> fresh = stackalloc int[Metrics];
        Span<double> deviations = stackalloc double[Metrics];
        int k = 0;
        for (int m = 0; m < Metrics; m++)
        {
            if (IsFresh(_histories[m], nowMs))
            {
                fresh[k++] = m;
                deviations[m] = _histories[m].LastDeviation;
            }
        }

        if (k == 0)
        {
            return new EntityDiagnosis(0, AnomalySeverity.None, AnomalyType.None, [], "No recent observations.");
        }

        Span<double> contributions = stackalloc double[Metrics];
        double statistic = _correlation.Mahalanobis(fresh[..k], deviations, contributions[..k], _options.CorrelationShrinkage);
        double score = Logistic(ChiSquareTail.EquivalentZ(statistic, k));

        List<MetricContribution> drivers = Drivers(fresh[..k], deviations, contributions[..k]);
        int involved = 0;
        bool userFacing = false;
        foreach (MetricContribution driver in drivers)
        {
            involved += Math.Abs(driver.Deviation) >= _options.ExcursionSigmas ? 1 : 0;
            userFacing |= EntityMetrics.IsUserFacing(driver.Metric);
        }

        AnomalySeverity severity = SeverityRules.Classify(score, involved, userFacing);
        if (severity == AnomalySeverity.None)
        {
            string calm = DiagnosisSummary.Describe(score, severity, AnomalyType.None, []);
            return new EntityDiagnosis(score, severity, AnomalyType.None, [], calm);
        }

        AnomalyType type = AnomalyTypeClassifier.Classify(_histories[drivers[0].Metric], nowMs, _options);
        return new EntityDiagnosis(score, severity, type, drivers, DiagnosisSummary.Describe(score, severity, type, drivers));
    }

    /// <summary>
    /// Recent change of <paramref name="metric"/> per minute: exponentially weighted least squares over its history,
    /// weights falling by e per <see cref="DiagnoserOptions.SlopeTimeConstant"/> of age, samples up to three of those
    /// old. 0 until two samples are in reach. Allocation-free.
    /// </summary>
    public double Slope(int metric)
    {
        if ((uint)metric >= Metrics)
        {
            throw new ArgumentOutOfRangeException(nameof(metric), metric, $"Must be in [0, {Metrics}).");
        }

        return _histories[metric].Slope(_options.SlopeTimeConstant);
    }

    public void WriteTo(BinaryWriter w)
    {
        Snapshot.WriteVersion(w, FormatVersion);
        DiagnoserOptions.Write(w, _options);
        w.Write(_batchTimestampMs);
        _correlation.WriteTo(w);
        foreach (MetricHistory history in _histories)
        {
            history.WriteTo(w);
        }
    }

    public static EntityDiagnoser ReadFrom(BinaryReader r)
    {
        Snapshot.ReadVersion(r, FormatVersion, TypeName);
        DiagnoserOptions options = DiagnoserOptions.Read(r);
        long batchTimestampMs = r.ReadInt64();
        ResidualCorrelation correlation = ResidualCorrelation.ReadFrom(r, TypeName);
        var histories = new MetricHistory[Metrics];
        for (int m = 0; m < Metrics; m++)
        {
            histories[m] = MetricHistory.ReadFrom(r, options.HistoryLength, TypeName);
        }

        return new EntityDiagnoser(options, histories, correlation) { _batchTimestampMs = batchTimestampMs };
    }

    private List<MetricContribution> Drivers(
        ReadOnlySpan<int> fresh, ReadOnlySpan<double> deviations, ReadOnlySpan<double> contributions)
    {
        double positive = 0;
        foreach (double contribution in contributions)
        {
            positive += Math.Max(0, contribution);
        }

        var drivers = new List<MetricContribution>(fresh.Length);
        if (!(positive > 0))
        {
            return drivers;
        }

        for (int i = 0; i < fresh.Length; i++)
        {
            int m = fresh[i];
            double share = Math.Max(0, contributions[i]) / positive;
            drivers.Add(new MetricContribution(m, _histories[m].LastScore, deviations[m], share));
        }

        // Largest share first; equal shares keep metric order so the result is deterministic. The largest is kept
        // whatever the minimum share, so a reported anomaly always has a driver to type.
        drivers.Sort((a, b) => b.Share != a.Share ? b.Share.CompareTo(a.Share) : a.Metric.CompareTo(b.Metric));
        int keep = 1;
        while (keep < drivers.Count && drivers[keep].Share >= _options.MinDriverShare && drivers[keep].Share > 0)
        {
            keep++;
        }

        drivers.RemoveRange(keep, drivers.Count - keep);
        return drivers;
    }

    private void CommitBatch()
    {
        if (_batchTimestampMs == NoBatch)
        {
            return;
        }

        Span<double> deviations = stackalloc double[Metrics];
        int fresh = 0;
        for (int m = 0; m < Metrics; m++)
        {
            bool isFresh = IsFresh(_histories[m], _batchTimestampMs);
            deviations[m] = isFresh ? _histories[m].LastDeviation : double.NaN;
            fresh += isFresh ? 1 : 0;
        }

        // A lone metric has no pair to learn from; its own second moment isn't used for scoring.
        if (fresh >= 2)
        {
            _correlation.Update(_batchTimestampMs, deviations, _options.CorrelationTimeConstant);
        }
    }

    private bool IsFresh(MetricHistory history, long nowMs) =>
        history.Count > 0 && nowMs - history.LastTimestampMs <= _options.StaleAfter.TotalMilliseconds;

    private double Logistic(double z) => 1.0 / (1.0 + Math.Exp(-(z - _options.ScoreMidpoint) / _options.ScoreWidth));

    private static DiagnoserOptions Validated(DiagnoserOptions options)
    {
        options.Validate();
        return options;
    }

    private static MetricHistory[] CreateHistories(int capacity)
    {
        var histories = new MetricHistory[Metrics];
        for (int m = 0; m < Metrics; m++)
        {
            histories[m] = new MetricHistory(capacity);
        }

        return histories;
    }
}
