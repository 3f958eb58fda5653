namespace Juno.Intelligence;

/// <summary>
/// One entity's idea of normal: a ring of its most recent accepted feature vectors, the vectors a person marked as
/// false positives, and the training set last drawn from both together with its robust per-feature statistics.
/// </summary>
/// <remarks>
/// <para>
/// The training set is kept as ring slots, not as copied vectors (a copy was 23 KB of every detector): it is drawn
/// only from slots that the next <see cref="ThreatDetectorOptions.RebuildInterval"/> additions can't overwrite — the
/// forests are regrown, and a new set drawn, before that many samples have been added — so the vectors stay in the
/// ring for as long as the set is in use, and a snapshot can name the slots instead of storing the vectors. The price
/// is that the oldest RebuildInterval samples of a full ring are not drawn from. Growth reads the set through
/// <see cref="FillTraining"/> into per-thread scratch.
/// </para>
/// <para>
/// Statistics are computed from the ring part of the training set only, so a handful of marked vectors can't move the
/// entity's "typical" values. CPU is NaN in stored vectors whose sample had none; in the training set those are
/// replaced by the median of the known values, which makes a missing CPU reading neutral rather than anomalous.
/// </para>
/// </remarks>
internal sealed class BehaviourBaseline
{
    private const int Dimensions = BehaviourFeatures.Count;

    // The hour of day always spans the whole day, so it has no spread to learn; splits may fall a quarter hour outside
    // a node's hours, and a person's mark covers a sample at any hour (the behaviour, not the time, was normal).
    private const float HourMargin = 0.25f;

    // The median absolute deviation of a Gaussian is 0.6745 sigma; multiplying by the inverse reports a sigma.
    private const float MedianAbsoluteDeviationToSigma = 1.4826022f;


    private readonly int _capacity;
    private readonly int _markCapacity;
    private readonly int _markCopies;
    private readonly int _trainingDraw;
    private readonly int _rebuildInterval;
    private readonly float _minimumScale;
    private readonly float _minimumCpuScale;
    private readonly float[] _ring;
    private readonly float[] _marks;
    private readonly ushort[] _trainingSlots;
    private readonly float[] _median = new float[Dimensions];
    private readonly float[] _scale = new float[Dimensions];
    private readonly float[] _margins = new float[Dimensions];
    private readonly float _splitMargin;
    private int _ringCount;
    private int _ringNext;
    private int _markCount;
    private int _markNext;
    private int _drawnCount;
    private int _trainingCount;

    // CPU ≈ intercept + slope × connections, least squares over the ring; CpuExcess is CPU minus that line.
    private float _cpuIntercept;
    private float _cpuSlope;
    private float _cpuMean;

    public BehaviourBaseline(ThreatDetectorOptions options)
    {
        _capacity = options.BaselineCapacity;
        _markCapacity = options.FalsePositiveCapacity;
        _markCopies = options.FalsePositiveCopies;
        _trainingDraw = options.TrainingSetSize;
        _rebuildInterval = options.RebuildInterval;
        _minimumScale = (float)options.MinimumScale;
        _minimumCpuScale = (float)options.MinimumCpuScale;
        _splitMargin = (float)options.SplitMargin;
        _ring = new float[_capacity * Dimensions];
        _marks = new float[_markCapacity * Dimensions];
        _trainingSlots = new ushort[_trainingDraw];

        // Floors until the first training set is drawn, so an early snapshot holds valid statistics.
        for (int f = 0; f < Dimensions; f++)
        {
            _scale[f] = IsCpu(f) ? _minimumCpuScale : _minimumScale;
        }

        _median[BehaviourFeatures.Hour] = 12;
        _scale[BehaviourFeatures.Hour] = 1;
        UpdateMargins();
    }

    public int Count => _ringCount;

    public int TrainingCapacity => _trainingDraw + (_markCapacity * _markCopies);

    public int TrainingCount => _trainingCount;

    /// <summary>Per feature: how far beyond a node's range the forest may split (a multiple of the robust scale).</summary>
    public float[] Margins => _margins;

    public bool CpuKnown { get; private set; }

    public float Median(int feature) => _median[feature];

    /// <summary>
    /// CPU above what the connections explain by the last <see cref="FitLoad"/>, divided by how far that expectation is
    /// above the entity's mean CPU when it is (the load factor); NaN for an unknown CPU.
    /// </summary>
    /// <remarks>
    /// Divided by the load factor because a surge scales CPU's noise with its load, and the fit's slope falls a little
    /// short (connections are noisy too), so the plain difference grows with the surge; at or below usual load it is
    /// the plain difference, so a miner or a nightly job stands out as much as it does in CPU itself. Floored at 0: CPU
    /// below the line is no threat, and a surge that saturates the CPU falls below it (the line goes on past 100%),
    /// which would otherwise look as unusual as a miner above it.
    /// </remarks>
    public float CpuExcess(ReadOnlySpan<float> features)
    {
        float expected = _cpuIntercept + (_cpuSlope * MathF.Exp(features[(int)BehaviourSignal.ConnectionsOpened]));
        float load = _cpuMean > 0 ? MathF.Max(1, expected / _cpuMean) : 1;
        return MathF.Max(0, (features[BehaviourFeatures.Cpu] - expected) / load);
    }

    /// <summary>
    /// Refits CPU on connections over the ring (CPU is idle plus a share proportional to load, and connections are the
    /// load) and recomputes every stored vector's <see cref="BehaviourFeatures.CpuExcess"/> with the new line.
    /// </summary>
    public void FitLoad()
    {
        double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (int r = 0; r < _ringCount; r++)
        {
            float cpu = _ring[(r * Dimensions) + BehaviourFeatures.Cpu];
            if (!float.IsNaN(cpu))
            {
                double x = Math.Exp(_ring[(r * Dimensions) + (int)BehaviourSignal.ConnectionsOpened]);
                n++;
                sx += x;
                sy += cpu;
                sxx += x * x;
                sxy += x * cpu;
            }
        }

        double variance = n == 0 ? 0 : (sxx / n) - ((sx / n) * (sx / n));
        double slope = variance > 1e-9 * ((sxx / Math.Max(n, 1)) + 1) ? ((sxy / n) - (sx / n * (sy / n))) / variance : 0;
        _cpuSlope = (float)Math.Max(0, slope);
        _cpuIntercept = n == 0 ? 0 : (float)((sy / n) - (_cpuSlope * (sx / n)));
        _cpuMean = n == 0 ? 0 : (float)(sy / n);
        for (int r = 0; r < _ringCount; r++)
        {
            Span<float> row = _ring.AsSpan(r * Dimensions, Dimensions);
            row[BehaviourFeatures.CpuExcess] = CpuExcess(row);
        }

        for (int m = 0; m < _markCount; m++)
        {
            Span<float> row = _marks.AsSpan(m * Dimensions, Dimensions);
            row[BehaviourFeatures.CpuExcess] = CpuExcess(row);
        }
    }

    public void Add(ReadOnlySpan<float> features)
    {
        features.CopyTo(_ring.AsSpan(_ringNext * Dimensions, Dimensions));
        _ringNext = (_ringNext + 1) % _capacity;
        _ringCount = Math.Min(_ringCount + 1, _capacity);
    }

    public void AddMark(ReadOnlySpan<float> features)
    {
        if (_markCapacity == 0)
        {
            return;
        }

        features.CopyTo(_marks.AsSpan(_markNext * Dimensions, Dimensions));
        _markNext = (_markNext + 1) % _markCapacity;
        _markCount = Math.Min(_markCount + 1, _markCapacity);
    }

    /// <summary>Robust z-score of <paramref name="value"/> on <paramref name="feature"/>; NaN for an unknown CPU.</summary>
    public double Deviation(int feature, float value) =>
        float.IsNaN(value) || (IsCpu(feature) && !CpuKnown)
            ? double.NaN
            : (value - _median[feature]) / (double)_scale[feature];

    /// <summary>The vector the forest should score: <paramref name="features"/> with an unknown CPU replaced by the median.</summary>
    public void Impute(Span<float> features)
    {
        if (float.IsNaN(features[BehaviourFeatures.Cpu]))
        {
            features[BehaviourFeatures.Cpu] = _median[BehaviourFeatures.Cpu];
        }

        if (float.IsNaN(features[BehaviourFeatures.CpuExcess]))
        {
            features[BehaviourFeatures.CpuExcess] = _median[BehaviourFeatures.CpuExcess];
        }
    }

    /// <summary>Whether every feature of <paramref name="features"/> lies within <paramref name="radius"/> scales of some mark.</summary>
    public bool IsCoveredByMark(ReadOnlySpan<float> features, double radius)
    {
        for (int m = 0; m < _markCount; m++)
        {
            ReadOnlySpan<float> mark = _marks.AsSpan(m * Dimensions, Dimensions);
            bool covered = true;
            for (int f = 0; f < BehaviourFeatures.Hour && covered; f++)
            {
                // An unknown CPU on either side neither confirms nor contradicts the match.
                float difference = Math.Abs(features[f] - mark[f]);
                covered = float.IsNaN(difference) || difference <= radius * _scale[f];
            }

            if (covered)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Draws a fresh training set (ring vectors without replacement from the slots the next RebuildInterval additions
    /// leave alone, then every mark several times) and recomputes the statistics.
    /// </summary>
    public void DrawTrainingSet(ref SplitMix64 random)
    {
        int[] draw = GrowthBuffers.Draw(_capacity);
        int eligible = 0;
        for (int slot = 0; slot < _ringCount; slot++)
        {
            // The next additions write slots _ringNext, _ringNext + 1, … (mod capacity).
            if ((slot - _ringNext + _capacity) % _capacity >= _rebuildInterval)
            {
                draw[eligible++] = slot;
            }
        }

        int drawn = Math.Min(eligible, _trainingDraw);
        for (int i = 0; i < drawn; i++)
        {
            int j = i + random.Next(eligible - i);
            (draw[i], draw[j]) = (draw[j], draw[i]);
            _trainingSlots[i] = (ushort)draw[i];
        }

        _drawnCount = drawn;
        _trainingCount = drawn + (_markCount * _markCopies);
        ComputeStatistics();
    }

    /// <summary>Writes the training set, row-major with unknown CPU imputed, to the start of <paramref name="training"/>.</summary>
    public void FillTraining(float[] training)
    {
        for (int i = 0; i < _drawnCount; i++)
        {
            _ring.AsSpan(_trainingSlots[i] * Dimensions, Dimensions).CopyTo(training.AsSpan(i * Dimensions, Dimensions));
        }

        int count = _drawnCount;
        for (int m = 0; m < _markCount; m++)
        {
            for (int copy = 0; copy < _markCopies; copy++)
            {
                _marks.AsSpan(m * Dimensions, Dimensions).CopyTo(training.AsSpan(count++ * Dimensions, Dimensions));
            }
        }

        for (int i = 0; i < _trainingCount; i++)
        {
            Impute(training.AsSpan(i * Dimensions, Dimensions));
        }
    }

    public void Write(BinaryWriter writer)
    {
        WriteRows(writer, _ring, _ringCount);
        writer.Write(_ringNext);
        WriteRows(writer, _marks, _markCount);
        writer.Write(_markNext);
        writer.Write(_drawnCount);
        foreach (ushort slot in _trainingSlots.AsSpan(0, _drawnCount))
        {
            writer.Write(slot);
        }

        writer.Write(CpuKnown);
        writer.Write(_cpuIntercept);
        writer.Write(_cpuSlope);
        writer.Write(_cpuMean);
        for (int f = 0; f < Dimensions; f++)
        {
            writer.Write(_median[f]);
            writer.Write(_scale[f]);
        }
    }

    public void Read(BinaryReader reader, string typeName)
    {
        _ringCount = ReadRows(reader, _ring, _capacity, typeName);
        _ringNext = reader.ReadInt32();
        _markCount = ReadRows(reader, _marks, _markCapacity, typeName);
        _markNext = reader.ReadInt32();
        if ((uint)_ringNext >= (uint)_capacity || (_markCapacity > 0 && (uint)_markNext >= (uint)_markCapacity))
        {
            throw Snapshot.Invalid(typeName, "baseline positions out of range");
        }

        _drawnCount = reader.ReadInt32();
        if (_drawnCount < 0 || _drawnCount > _trainingDraw)
        {
            throw Snapshot.Invalid(typeName, $"{_drawnCount} training rows where at most {_trainingDraw} fit");
        }

        for (int i = 0; i < _drawnCount; i++)
        {
            _trainingSlots[i] = reader.ReadUInt16();
            if (_trainingSlots[i] >= _ringCount)
            {
                throw Snapshot.Invalid(typeName, "training row outside the baseline");
            }
        }

        // Marks join every training set, and a new mark regrows at once, so the set always holds the current marks.
        _trainingCount = _drawnCount == 0 ? 0 : _drawnCount + (_markCount * _markCopies);

        // Stored rather than recomputed, so a restored detector imputes and deviates exactly as the original did.
        CpuKnown = reader.ReadBoolean();
        _cpuIntercept = reader.ReadSingle();
        _cpuSlope = reader.ReadSingle();
        _cpuMean = reader.ReadSingle();
        if (!float.IsFinite(_cpuIntercept) || !(_cpuSlope >= 0) || !float.IsFinite(_cpuSlope) || !(_cpuMean >= 0) || !float.IsFinite(_cpuMean))
        {
            throw Snapshot.Invalid(typeName, "CPU load fit out of range");
        }

        for (int f = 0; f < Dimensions; f++)
        {
            _median[f] = reader.ReadSingle();
            _scale[f] = reader.ReadSingle();
            if (!float.IsFinite(_median[f]) || !(_scale[f] > 0) || !float.IsFinite(_scale[f]))
            {
                throw Snapshot.Invalid(typeName, "baseline statistics out of range");
            }
        }

        UpdateMargins();
    }

    private void ComputeStatistics()
    {
        _median[BehaviourFeatures.Hour] = 12;
        _scale[BehaviourFeatures.Hour] = 1;
        float[] scratch = GrowthBuffers.Column(_trainingDraw);
        for (int f = 0; f < BehaviourFeatures.Hour; f++)
        {
            int known = 0;
            for (int i = 0; i < _drawnCount; i++)
            {
                float value = _ring[(_trainingSlots[i] * Dimensions) + f];
                if (!float.IsNaN(value))
                {
                    scratch[known++] = value;
                }
            }

            float floor = IsCpu(f) ? _minimumCpuScale : _minimumScale;
            if (f == BehaviourFeatures.Cpu)
            {
                CpuKnown = known > 0;
            }

            if (known == 0)
            {
                _median[f] = 0;
                _scale[f] = floor;
                continue;
            }

            Span<float> column = scratch.AsSpan(0, known);
            float median = MedianOf(column);
            for (int i = 0; i < column.Length; i++)
            {
                column[i] = Math.Abs(column[i] - median);
            }

            _median[f] = median;
            _scale[f] = Math.Max(floor, MedianAbsoluteDeviationToSigma * MedianOf(column));
        }

        UpdateMargins();
    }

    private static bool IsCpu(int feature) => feature is BehaviourFeatures.Cpu or BehaviourFeatures.CpuExcess;

    private void UpdateMargins()
    {
        for (int f = 0; f < Dimensions; f++)
        {
            _margins[f] = f == BehaviourFeatures.Hour ? HourMargin : _splitMargin * _scale[f];
        }
    }

    private static float MedianOf(Span<float> values)
    {
        values.Sort();
        int middle = values.Length / 2;
        return values.Length % 2 == 1 ? values[middle] : 0.5f * (values[middle - 1] + values[middle]);
    }

    private static void WriteRows(BinaryWriter writer, float[] rows, int count)
    {
        writer.Write(count);
        foreach (float value in rows.AsSpan(0, count * Dimensions))
        {
            writer.Write(value);
        }
    }

    private static int ReadRows(BinaryReader reader, float[] rows, int capacity, string typeName)
    {
        int count = reader.ReadInt32();
        if (count < 0 || count > capacity)
        {
            throw Snapshot.Invalid(typeName, $"{count} baseline rows where at most {capacity} fit");
        }

        for (int i = 0; i < count * Dimensions; i++)
        {
            rows[i] = reader.ReadSingle();
        }

        return count;
    }
}
