namespace Juno.Intelligence;

/// <summary>
/// Streaming half-space forest (an isolation-forest relative built for streams) over a shingle of the most recent
/// values: it scores how rarely the recent shape of the series has been seen, which a level-and-scale model misses
/// (a changed rhythm, a flat line where there used to be noise, a new spike pattern within the normal range).
/// </summary>
/// <remarks>
/// <para>
/// Values are normalised by the range seen so far (no look-ahead), and the shingle of the last
/// <see cref="ShingleForestOptions.ShingleLength"/> normalised values descends every tree of a shared random
/// <see cref="HalfSpaceTreeLayout"/>. Each node counts two masses: the points of the previous window (reference) and
/// of the current one (latest). A point's mass score is, per tree, reference mass × 2^depth at the first node whose
/// reference mass is under the size limit (or at the leaf) — the density of its neighbourhood — and windows roll every
/// <see cref="ShingleForestOptions.WindowSamples"/> samples. The raw score is exp(−mass / expected mass): ~0.37 where
/// the density is average, near 1 where the shape is new. Scores are 0 until the first window has completed.
/// </para>
/// <para>
/// With the default shingle of two values a point is (previous value, value), so the forest estimates the recent
/// density of levels and of steps between them; longer shingles scored lower on NAB. The range only widens, so one
/// extreme outlier compresses the normalised values of everything after it (a slowly forgetting range scored lower).
/// </para>
/// <para>Per update: no allocation; Trees × (Depth + 1) node visits, plus clearing the masses once per window.</para>
/// </remarks>
public sealed class ShingleForest
{
    private const byte FormatVersion = 1;
    private const string TypeName = nameof(ShingleForest);

    private readonly ShingleForestOptions _options;
    private readonly HalfSpaceTreeLayout _layout;
    private readonly double[] _recent;
    private readonly float[] _point;
    private byte[] _reference;
    private byte[] _latest;
    private int _next;
    private int _inWindow;
    private long _count;
    private bool _hasReference;
    private double _min;
    private double _max;
    private double _lastScore;

    public ShingleForest(ShingleForestOptions? options = null)
    {
        _options = options ?? ShingleForestOptions.Default;
        _options.Validate();
        _layout = HalfSpaceTreeLayout.For(_options);
        _recent = new double[_options.ShingleLength];
        _point = new float[_options.ShingleLength];
        _reference = new byte[_options.Trees * _layout.NodesPerTree];
        _latest = new byte[_reference.Length];
    }

    public ShingleForestOptions Options => _options;

    public double LastScore => _lastScore;

    public long Count => _count;

    /// <summary>Scores the shingle ending at <paramref name="value"/>, then counts it into the current window.</summary>
    /// <returns>Raw anomaly score in [0, 1]; 0 until a full shingle and a reference window exist.</returns>
    public double Update(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "Forest input must be finite.");
        }

        _min = _count == 0 ? value : Math.Min(_min, value);
        _max = _count == 0 ? value : Math.Max(_max, value);
        _recent[_next] = value;
        _next = (_next + 1) % _recent.Length;
        _count++;
        if (_count < _recent.Length)
        {
            _lastScore = 0;
            return 0;
        }

        FillPoint();
        double mass = Descend();
        _lastScore = _hasReference ? Math.Exp(-mass / ((double)_options.Trees * _options.WindowSamples)) : 0;
        if (++_inWindow == _options.WindowSamples)
        {
            RollWindow();
        }

        return _lastScore;
    }

    public void WriteTo(BinaryWriter writer)
    {
        Snapshot.WriteVersion(writer, FormatVersion);
        ShingleForestOptions.Write(writer, _options);
        writer.Write(_next);
        writer.Write(_inWindow);
        writer.Write(_count);
        writer.Write(_hasReference);
        writer.Write(_min);
        writer.Write(_max);
        writer.Write(_lastScore);
        foreach (double value in _recent)
        {
            writer.Write(value);
        }

        WriteMasses(writer, _reference);
        WriteMasses(writer, _latest);
    }

    public static ShingleForest ReadFrom(BinaryReader reader)
    {
        Snapshot.ReadVersion(reader, FormatVersion, TypeName);
        var forest = new ShingleForest(ShingleForestOptions.Read(reader))
        {
            _next = reader.ReadInt32(),
            _inWindow = reader.ReadInt32(),
            _count = reader.ReadInt64(),
            _hasReference = reader.ReadBoolean(),
            _min = reader.ReadDouble(),
            _max = reader.ReadDouble(),
            _lastScore = reader.ReadDouble(),
        };
        for (int i = 0; i < forest._recent.Length; i++)
        {
            forest._recent[i] = reader.ReadDouble();
        }

        ReadMasses(reader, forest._reference);
        ReadMasses(reader, forest._latest);
        if (forest._next < 0 || forest._next >= forest._recent.Length || forest._inWindow < 0
            || forest._inWindow >= forest._options.WindowSamples || forest._count < 0
            || !double.IsFinite(forest._min) || !double.IsFinite(forest._max) || forest._min > forest._max)
        {
            throw Snapshot.Invalid(TypeName, "position, count or range out of range");
        }

        return forest;
    }

    // Oldest value first, each mapped to [0, 1] by the range seen so far; a flat series sits at 0.5.
    private void FillPoint()
    {
        double range = _max - _min;
        for (int i = 0; i < _point.Length; i++)
        {
            double value = _recent[(_next + i) % _recent.Length];
            _point[i] = range > 0 ? (float)((value - _min) / range) : 0.5f;
        }
    }

    private double Descend()
    {
        byte[] dimensions = _layout.Dimensions;
        float[] splits = _layout.Splits;
        int depth = _layout.Depth;
        int sizeLimit = _options.SizeLimit;
        double mass = 0;
        for (int tree = 0; tree < _options.Trees; tree++)
        {
            int nodeBase = tree * _layout.NodesPerTree;
            int splitBase = tree * _layout.InternalNodesPerTree;
            int node = 0;
            bool scored = false;
            for (int level = 0; ; level++)
            {
                int reference = _reference[nodeBase + node];
                if (!scored && (level == depth || reference < sizeLimit))
                {
                    mass += (double)reference * (1 << level);
                    scored = true;
                }

                // Counts saturate at 255 rather than wrap: only a node holding nearly the whole window gets there,
                // and its density is scored the same either way; bytes halve the per-metric footprint.
                if (_latest[nodeBase + node] != byte.MaxValue)
                {
                    _latest[nodeBase + node]++;
                }

                if (level == depth)
                {
                    break;
                }

                node = _point[dimensions[splitBase + node]] < splits[splitBase + node] ? (2 * node) + 1 : (2 * node) + 2;
            }
        }

        return mass;
    }

    private void RollWindow()
    {
        (_reference, _latest) = (_latest, _reference);
        Array.Clear(_latest);
        _inWindow = 0;
        _hasReference = true;
    }

    // Most nodes of a tree are empty (a window's points fill a few cells of the split space), so masses are written as
    // (run of zeros, non-zero mass) pairs, the run as a 7-bit varint; a trailing run ends with a zero "mass".
    private static void WriteMasses(BinaryWriter writer, byte[] masses)
    {
        writer.Write(masses.Length);
        int zeros = 0;
        foreach (byte mass in masses)
        {
            if (mass == 0)
            {
                zeros++;
                continue;
            }

            writer.Write7BitEncodedInt(zeros);
            writer.Write(mass);
            zeros = 0;
        }

        writer.Write7BitEncodedInt(zeros);
        writer.Write((byte)0);
    }

    private static void ReadMasses(BinaryReader reader, byte[] masses)
    {
        if (reader.ReadInt32() != masses.Length)
        {
            throw Snapshot.Invalid(TypeName, "mass count does not match the options");
        }

        for (int i = 0; ;)
        {
            int zeros = reader.Read7BitEncodedInt();
            byte mass = reader.ReadByte();
            if (zeros < 0 || zeros > masses.Length - i || (mass != 0 && zeros == masses.Length - i))
            {
                throw Snapshot.Invalid(TypeName, "mass runs overrun the trees");
            }

            i += zeros;
            if (mass == 0)
            {
                if (i != masses.Length)
                {
                    throw Snapshot.Invalid(TypeName, "mass runs end before the trees do");
                }

                return;
            }

            masses[i++] = mass;
        }
    }
}
