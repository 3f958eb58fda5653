namespace Juno.Intelligence;

/// <summary>
/// Per-entity behavioural threat detector: isolation forests over the entity's own recent normal behaviour.
/// </summary>
/// <remarks>
/// <para>
/// Each sample becomes a feature vector (<see cref="BehaviourFeatures"/>: log1p of each <see cref="BehaviourSignal"/>
/// count, CPU utilisation, then load-relative features — log bytes and DNS queries per connection, destinations per
/// √connection, CPU above what the connections explain — and the hour of day). The forests see only the load-relative
/// features, auth failures and privileged starts: a traffic surge scales every volume together and is not a threat,
/// while exfiltration, scanning and mining add to one part of the traffic and move its ratio to the rest. The first <see cref="ThreatDetectorOptions.WarmupSamples"/>
/// only fill the baseline and score 0. Then the forests are grown (<see cref="IsolationForest"/>) from a training set
/// drawn from the baseline, and every later sample is scored against them: one forest over all features, which sees
/// unusual combinations, and one per feature over that feature and the hour of day, which sees one signal leaving its
/// usual range for the time of day without the dilution of the other six. The score is the highest of their
/// calibrated scores. Samples below <see cref="ThreatDetectorOptions.Threshold"/> join the baseline, and after every
/// <see cref="ThreatDetectorOptions.RebuildInterval"/> of them the forests are regrown, so the baseline follows slow
/// drift. Threats never join it: an attack can't teach the detector that it is normal, however long it lasts — until a
/// person says otherwise with <see cref="MarkFalsePositive(ReadOnlySpan{double}, double)"/>.
/// </para>
/// <para>
/// A false-positive mark is kept with the baseline and copied <see cref="ThreatDetectorOptions.FalsePositiveCopies"/>
/// times into every training set (so the forests learn the behaviour and what is close to it), the forests are regrown
/// at once, and samples within <see cref="ThreatDetectorOptions.FalsePositiveRadius"/> robust scales of a mark on every
/// behaviour feature (at any hour) are never alerted. Those samples then join the baseline as ordinary normal.
/// </para>
/// <para>
/// Class, confidence and severity come from the signals' robust deviations (<see cref="ThreatClassifier"/>). Memory, as
/// every grain owns a detector: with the defaults about 90 KB retained once warm (Juno.Threats.Runner --memory-only),
/// of which 49 KB is the baseline ring (48 bytes a vector), 1 KB the training set (ring slots) and the rest tree nodes
/// (4 bytes each, only the nodes grown, about 55–75 a tree; see <see cref="IsolationForest"/>). Growth scratch is per
/// thread (<see cref="GrowthBuffers"/>). A snapshot stores the ring, marks, training slots and CPU load fit and regrows the trees
/// from them and the seed. Scoring a non-threat allocates nothing, regrowth included: it returns a shared verdict, and
/// a forest's node array is replaced only when a growth needs more nodes than it has room for. Deterministic for a
/// given seed, options and input sequence. Not thread-safe (a grain owns one).
/// </para>
/// </remarks>
public sealed class ThreatDetector
{
    public const int DefaultSeed = 0x4A554E4F;

    // 2: the training set is stored as ring slots, not vectors. Older snapshots are refused (Snapshot.ReadVersion
    // names both versions); a grain that can't read its state starts a fresh baseline.
    // 3: twelve features a vector (DNS per connection, destinations per √connection, CPU excess) and the CPU load fit.
    private const byte FormatVersion = 3;
    private const string TypeName = nameof(ThreatDetector);
    private const int ScoreSteps = 1000;

    // Non-threat verdicts for scores rounded to 0.001, shared by every detector.
    private static readonly ThreatAssessment[] NonThreats = CreateNonThreats();

    // Which features each forest splits on, shared by every detector: the joint forest all the load-relative ones, the
    // per-feature forests one of them and the hour of day. Raw volumes (connections, destinations, egress, DNS, CPU)
    // are left out of every forest: a traffic surge moves them all together and is not a threat, and what moves when an
    // attack adds to the traffic is their ratio to connections (and auth failures, privileged starts), which is kept.
    // They stay in the vector for the explanations and the classifier.
    private static readonly int[] LoadRelative =
    [
        (int)BehaviourSignal.AuthFailures, (int)BehaviourSignal.PrivilegedProcessStarts, BehaviourFeatures.BytesPerConnection,
        BehaviourFeatures.DnsPerConnection, BehaviourFeatures.DestinationsPerLoad, BehaviourFeatures.CpuExcess,
    ];

    private static readonly int[] AllFeatures = [.. LoadRelative, BehaviourFeatures.Hour];
    private static readonly int[][] MarginalFeatures = [.. LoadRelative.Select(f => new[] { f, BehaviourFeatures.Hour })];

    private readonly ThreatDetectorOptions _options;
    private readonly BehaviourBaseline _baseline;
    private readonly IsolationForest _forest;
    private readonly IsolationForest[] _marginalForests;
    private readonly float[] _features = new float[BehaviourFeatures.Count];
    private SplitMix64 _random;
    private ulong _forestSeed;
    private long _samplesSeen;
    private int _acceptedSinceGrowth;
    private double _lastScore;
    private long _lastTimestampMs;

    public ThreatDetector(ThreatDetectorOptions? options = null, int seed = DefaultSeed)
    {
        _options = options ?? ThreatDetectorOptions.Default;
        _options.Validate();
        _baseline = new BehaviourBaseline(_options);
        _forest = new IsolationForest(BehaviourFeatures.Count, AllFeatures, _options.TreeCount, _options.SubsampleSize);
        _marginalForests = _options.MarginalTreeCount == 0
            ? []
            : [.. MarginalFeatures.Select(features => new IsolationForest(
                BehaviourFeatures.Count, features, _options.MarginalTreeCount, _options.MarginalSubsampleSize))];
        _random = new SplitMix64((ulong)(uint)seed);
    }

    public ThreatDetectorOptions Options => _options;

    /// <summary>Samples passed to <see cref="Assess"/>, warm-up included.</summary>
    public long SamplesSeen => _samplesSeen;

    /// <summary>Whether the forest has been grown, so <see cref="Assess"/> can raise threats.</summary>
    public bool IsWarm => _forest.IsGrown;

    /// <summary>Normal samples held in the baseline (at most <see cref="ThreatDetectorOptions.BaselineCapacity"/>).</summary>
    public int BaselineCount => _baseline.Count;

    /// <summary>The exact score of the most recent <see cref="Assess"/> (non-threat verdicts carry it rounded).</summary>
    public double LastScore => _lastScore;

    /// <summary>Timestamp passed to the most recent <see cref="Assess"/>; kept so a grain can tell how stale the model is.</summary>
    public long LastTimestampMs => _lastTimestampMs;

    /// <summary>Scores one sample interval's behaviour, then learns from it if it was not a threat.</summary>
    /// <param name="timestampMs">End of the sample interval (Unix ms).</param>
    /// <param name="signals">One count per <see cref="BehaviourSignal"/>, in enum order; non-negative and finite.</param>
    /// <param name="cpuUtilisation">CPU use as a fraction of the entity's allowance (1 = all of it), or NaN when unknown; needed to recognise crypto-mining.</param>
    /// <exception cref="ArgumentException"><paramref name="signals"/> does not hold <see cref="BehaviourSignals.Count"/> values.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value is negative or not finite; the parameter name is the signal's wire name. The detector is unchanged.</exception>
    public ThreatAssessment Assess(long timestampMs, ReadOnlySpan<double> signals, double cpuUtilisation = double.NaN)
    {
        BehaviourFeatures.Transform(timestampMs, signals, cpuUtilisation, _features);
        _features[BehaviourFeatures.CpuExcess] = _baseline.CpuExcess(_features);
        _samplesSeen++;
        _lastTimestampMs = timestampMs;
        if (!_forest.IsGrown)
        {
            _baseline.Add(_features);
            if (_baseline.Count >= _options.WarmupSamples)
            {
                Regrow();
            }

            _lastScore = 0;
            return NonThreats[0];
        }

        Span<float> scored = stackalloc float[BehaviourFeatures.Count];
        _features.CopyTo(scored);
        _baseline.Impute(scored);
        double score = _forest.Score(scored);
        foreach (IsolationForest marginal in _marginalForests)
        {
            score = Math.Max(score, marginal.Score(scored));
        }

        _lastScore = score;
        if (score < _options.Threshold || _baseline.IsCoveredByMark(_features, _options.FalsePositiveRadius))
        {
            Accept();
            return NonThreats[(int)Math.Round(score * ScoreSteps)];
        }

        return Explain(score, signals);
    }

    /// <summary>
    /// Tells the detector that this behaviour is normal for the entity: it joins the baseline as a remembered mark, the
    /// forests are regrown at once, and samples close to it are no longer alerted. The mark takes the hour of the last
    /// assessed sample (normally the alert being dismissed); use the overload with a timestamp for an older sample.
    /// </summary>
    /// <exception cref="ArgumentException">As for <see cref="Assess"/>.</exception>
    public void MarkFalsePositive(ReadOnlySpan<double> signals, double cpuUtilisation = double.NaN) =>
        MarkFalsePositive(_lastTimestampMs, signals, cpuUtilisation);

    /// <summary>As <see cref="MarkFalsePositive(ReadOnlySpan{double}, double)"/>, for a sample taken at <paramref name="timestampMs"/> rather than the last one assessed.</summary>
    public void MarkFalsePositive(long timestampMs, ReadOnlySpan<double> signals, double cpuUtilisation = double.NaN)
    {
        BehaviourFeatures.Transform(timestampMs, signals, cpuUtilisation, _features);
        _features[BehaviourFeatures.CpuExcess] = _baseline.CpuExcess(_features);
        _baseline.AddMark(_features);
        if (_forest.IsGrown)
        {
            Regrow();
        }
    }

    public void WriteTo(BinaryWriter writer)
    {
        Snapshot.WriteVersion(writer, FormatVersion);
        ThreatDetectorOptions.Write(writer, _options);
        writer.Write(_random.State);
        writer.Write(_forestSeed);
        writer.Write(_forest.IsGrown);
        writer.Write(_samplesSeen);
        writer.Write(_acceptedSinceGrowth);
        writer.Write(_lastScore);
        writer.Write(_lastTimestampMs);
        _baseline.Write(writer);
    }

    public static ThreatDetector ReadFrom(BinaryReader reader)
    {
        Snapshot.ReadVersion(reader, FormatVersion, TypeName);
        var detector = new ThreatDetector(ThreatDetectorOptions.Read(reader))
        {
            _random = new SplitMix64(reader.ReadUInt64()),
            _forestSeed = reader.ReadUInt64(),
        };
        bool grown = reader.ReadBoolean();
        detector._samplesSeen = reader.ReadInt64();
        detector._acceptedSinceGrowth = reader.ReadInt32();
        detector._lastScore = reader.ReadDouble();
        detector._lastTimestampMs = reader.ReadInt64();
        detector._baseline.Read(reader, TypeName);
        if (detector._samplesSeen < 0 || detector._acceptedSinceGrowth < 0 || !(detector._lastScore is >= 0 and <= 1)
            || (grown && detector._baseline.TrainingCount == 0))
        {
            throw Snapshot.Invalid(TypeName, "counters, score or training set out of range");
        }

        if (grown)
        {
            // Same training set, same seed: the same trees, so scores match the original's exactly.
            detector.GrowForests();
        }

        return detector;
    }

    private void Accept()
    {
        _baseline.Add(_features);
        if (++_acceptedSinceGrowth >= _options.RebuildInterval)
        {
            Regrow();
        }
    }

    private void Regrow()
    {
        _baseline.FitLoad();
        _baseline.DrawTrainingSet(ref _random);
        _forestSeed = _random.NextUInt64();
        GrowForests();
        _acceptedSinceGrowth = 0;
    }

    private void GrowForests()
    {
        float[] training = GrowthBuffers.Training(_baseline.TrainingCapacity * BehaviourFeatures.Count);
        _baseline.FillTraining(training);
        _forest.Grow(training, _baseline.TrainingCount, _baseline.Margins, _forestSeed);
        for (int f = 0; f < _marginalForests.Length; f++)
        {
            // Distinct, fixed offsets of the one stored seed: each forest its own stream, all reproducible.
            ulong seed = _forestSeed + ((ulong)(f + 1) * 0x9E3779B97F4A7C15UL);
            _marginalForests[f].Grow(training, _baseline.TrainingCount, _baseline.Margins, seed);
        }
    }

    // Only threats get here, so only threats allocate.
    private ThreatAssessment Explain(double score, ReadOnlySpan<double> signals)
    {
        Span<double> deviations = stackalloc double[BehaviourSignals.Count];
        var indicators = new List<ThreatIndicator>(BehaviourSignals.Count);
        int largest = 0;
        for (int i = 0; i < BehaviourSignals.Count; i++)
        {
            deviations[i] = _baseline.Deviation(i, _features[i]);
            largest = Math.Abs(deviations[i]) > Math.Abs(deviations[largest]) ? i : largest;
        }

        for (int i = 0; i < BehaviourSignals.Count; i++)
        {
            // The largest deviation is always listed, so a threat is never without an explanation.
            if (Math.Abs(deviations[i]) >= _options.IndicatorDeviation || i == largest)
            {
                indicators.Add(new ThreatIndicator((BehaviourSignal)i, signals[i], Math.Exp(_baseline.Median(i)) - 1, deviations[i]));
            }
        }

        indicators.Sort(static (a, b) => Math.Abs(b.Deviation).CompareTo(Math.Abs(a.Deviation)));
        double cpuDeviation = _baseline.Deviation(BehaviourFeatures.Cpu, _features[BehaviourFeatures.Cpu]);
        double bytesPerConnectionDeviation = _baseline.Deviation(BehaviourFeatures.BytesPerConnection, _features[BehaviourFeatures.BytesPerConnection]);
        ThreatClass threatClass = ThreatClassifier.Classify(
            deviations, cpuDeviation, bytesPerConnectionDeviation, out double agreement, out double evidence);
        return new ThreatAssessment(
            score,
            IsThreat: true,
            threatClass,
            ThreatClassifier.Confidence(score, agreement, evidence, _options),
            ThreatClassifier.Severity(score, threatClass, _options),
            indicators)
        {
            CpuDeviation = cpuDeviation,
        };
    }

    private static ThreatAssessment[] CreateNonThreats()
    {
        var verdicts = new ThreatAssessment[ScoreSteps + 1];
        for (int i = 0; i <= ScoreSteps; i++)
        {
            verdicts[i] = new ThreatAssessment((double)i / ScoreSteps, IsThreat: false, ThreatClass.None, 0, ThreatSeverity.Low, []);
        }

        return verdicts;
    }
}
