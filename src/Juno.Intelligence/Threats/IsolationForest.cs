using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Juno.Intelligence;

/// <summary>
/// Isolation forest (Liu, Ting and Zhou, 2008) over fixed-length float vectors, stored as one packed 32-bit word a node
/// so that the thousands of per-entity forests in a silo stay small; scoring allocates nothing.
/// </summary>
/// <remarks>
/// <para>
/// Each tree is grown from ψ vectors drawn without replacement from the training set: at each node a feature is
/// picked uniformly and a split value uniformly in [min − margin, max + margin] of the node's values, down to depth
/// ⌈log2 ψ⌉. The margin (<see cref="ThreatDetectorOptions.SplitMargin"/> robust scales of the feature, a quarter hour
/// for the hour of day) is the first departure from the paper: with plain [min, max]
/// a feature that never varied in training (auth failures that are always zero) can never be split on, so the forest
/// would be blind to it. With the margin, a split can fall just beyond the training range, leaving an empty side
/// that a new, out-of-range value is isolated into at once.
/// </para>
/// <para>
/// The second: the margin alone caps how quickly a far-out value is isolated: a split lands beyond the data only margin / (range +
/// 2 margin) of the time, however far out the value is. So a value outside the whole training set's range widened by
/// the margin — outside every interval any node could have drawn a split from — is taken as isolated at the first node
/// that splits on that feature, as the split a node could have drawn there would have separated it from all its points.
/// Values inside that envelope follow the trees exactly as in the paper.
/// </para>
/// <para>
/// Score = 2^(−E[h(x)] / c(ψ)), where h is the depth at which x reaches a leaf plus c(leaf size) for the points the
/// leaf still held, and c(n) = 2 H(n − 1) − 2 (n − 1) / n is the mean path length of an unsuccessful binary-search-tree
/// lookup — the standard normalisation, so ~0.5 and below means "like the training data" and → 1 means "isolated at once".
/// </para>
/// <para>
/// Storage. Split values are kept in 16-bit fixed point over the forest's envelope of each feature (the training range
/// widened by the margin, the only values a split can take): position u(x) = (x − low) · 65535 / (high − low), and a
/// node sends x left when u(x) &lt; its split. Growth draws the split uniformly on that scale (a linear map, so the
/// same distribution) and partitions by the very same comparison, so the stored trees are exactly the trees grown;
/// rounding to an integer step moves a split by at most 1/131070 of the envelope.
/// Trees are in pre-order (a node's left child is the next word) and a word is: feature (4 bits, 15 for a leaf), split
/// (16 bits), offset from the node to its right child (12 bits); a leaf keeps its size instead, and c(size) comes
/// from a table shared by every forest. Trees are stored back to back in one array sized to the nodes actually grown
/// (about 55–75 a tree for ψ of 128–256 on the generated attack set, against the 2^(⌈log2 ψ⌉+1) − 1 a tree could take at most) plus a
/// quarter for the next growth; growing happens in per-thread scratch (<see cref="GrowthBuffers"/>), and the array is
/// replaced only when a growth needs more than it holds, so a regrowth normally allocates nothing.
/// </para>
/// </remarks>
internal sealed class IsolationForest
{
    /// <summary>Largest ψ: a tree then has at most 2 · 2048 − 1 nodes, so a right-child offset fits in 12 bits.</summary>
    public const int MaxSubsampleSize = 2048;

    /// <summary>Most features a forest can split on: the feature field is 4 bits and 15 marks a leaf.</summary>
    public const int MaxDimensions = 15;

    private const double EulerGamma = 0.5772156649015329;
    private const uint Leaf = 15;
    private const int FeatureShift = 28;
    private const int SplitShift = 12;
    private const uint SplitMask = 0xFFFF;
    private const uint OffsetMask = 0xFFF;
    private const uint LeafSizeMask = 0x0FFF_FFFF;
    private const float SplitSteps = 65535;

    // c(n) for every leaf size a tree can have.
    private static readonly double[] LeafDepth = [.. Enumerable.Range(0, MaxSubsampleSize + 1).Select(AveragePathLength)];

    private readonly int _stride;
    private readonly int[] _features;
    private readonly int _dimensions;
    private readonly int _treeCount;
    private readonly int _subsampleSize;
    private readonly int _heightLimit;
    private readonly int _maxNodesPerTree;
    private readonly int[] _roots;
    private readonly float[] _low;
    private readonly float[] _steps;
    private uint[] _nodes = [];

    // Set for the duration of Grow only: the recursion reads them instead of passing them down. _positions holds
    // every training value already on the split scale, a column per dimension, so the recursion reads contiguous
    // floats and converts each value once per growth rather than once per node it passes through.
    private float[] _positions = [];
    private float[] _marginSteps = [];
    private int _count;
    private int[] _sample = [];
    private uint[] _grown = [];
    private SplitMix64 _random;
    private int _nextNode;

    private double _normaliser;

    /// <param name="stride">Values per training row and per scored vector.</param>
    /// <param name="features">Positions in each row of the features this forest splits on (shared, not copied).</param>
    public IsolationForest(int stride, int[] features, int treeCount, int subsampleSize)
    {
        if (features.Length > MaxDimensions || subsampleSize > MaxSubsampleSize)
        {
            throw new ArgumentOutOfRangeException(nameof(features), "Too many features or too large a subsample for the packed node layout.");
        }

        _stride = stride;
        _features = features;
        _dimensions = features.Length;
        _treeCount = treeCount;
        _subsampleSize = subsampleSize;
        _heightLimit = (int)Math.Ceiling(Math.Log2(subsampleSize));
        _maxNodesPerTree = (1 << (_heightLimit + 1)) - 1;
        _roots = new int[treeCount];
        _low = new float[_dimensions];
        _steps = new float[_dimensions];
    }

    public bool IsGrown { get; private set; }

    /// <summary>Nodes the forest's storage holds room for (for memory accounting).</summary>
    public int NodeCapacity => _nodes.Length;

    /// <summary>Grows every tree from the first <paramref name="count"/> row-major vectors of <paramref name="training"/>.</summary>
    /// <param name="margins">Per feature of the row, how far beyond the node's range a split may fall; must be positive.</param>
    public void Grow(float[] training, int count, float[] margins, ulong seed)
    {
        _count = count;
        _positions = GrowthBuffers.Positions(count * _dimensions);
        _marginSteps = GrowthBuffers.MarginSteps(_dimensions);
        _sample = GrowthBuffers.Sample(count);
        _grown = GrowthBuffers.Nodes(_treeCount * _maxNodesPerTree);
        _random = new SplitMix64(seed);
        int perTree = Math.Min(_subsampleSize, count);
        for (int d = 0; d < _dimensions; d++)
        {
            int offset = _features[d];
            float min = float.PositiveInfinity;
            float max = float.NegativeInfinity;
            for (int i = 0; i < count; i++)
            {
                min = Math.Min(min, training[(i * _stride) + offset]);
                max = Math.Max(max, training[(i * _stride) + offset]);
            }

            _low[d] = min - margins[offset];
            _steps[d] = SplitSteps / (max + margins[offset] - _low[d]);
            _marginSteps[d] = margins[offset] * _steps[d];
            for (int i = 0; i < count; i++)
            {
                _positions[(d * count) + i] = Position(training[(i * _stride) + offset], d);
            }
        }

        for (int i = 0; i < count; i++)
        {
            _sample[i] = i;
        }

        _nextNode = 0;
        for (int tree = 0; tree < _treeCount; tree++)
        {
            // Partial Fisher–Yates: the first perTree slots become this tree's subsample.
            for (int i = 0; i < perTree; i++)
            {
                int j = i + _random.Next(count - i);
                (_sample[i], _sample[j]) = (_sample[j], _sample[i]);
            }

            _roots[tree] = _nextNode;
            GrowNode(0, perTree, 0);
        }

        if (_nodes.Length < _nextNode)
        {
            _nodes = new uint[_nextNode + (_nextNode / 4)];
        }

        _grown.AsSpan(0, _nextNode).CopyTo(_nodes);
        _normaliser = AveragePathLength(perTree);
        _positions = [];
        _marginSteps = [];
        _sample = [];
        _grown = [];
        IsGrown = true;
    }

    /// <summary>Anomaly score of <paramref name="vector"/> in [0, 1]; allocation-free.</summary>
    public double Score(ReadOnlySpan<float> vector)
    {
        Span<float> position = stackalloc float[_dimensions];
        Span<bool> outside = stackalloc bool[_dimensions];
        for (int d = 0; d < _dimensions; d++)
        {
            position[d] = Position(vector[_features[d]], d);

            // Beyond every split any node could have drawn on this feature (NaN included).
            outside[d] = !(position[d] >= 0 && position[d] <= SplitSteps);
        }

        // Every offset was written by Grow and stays inside the tree, so the walk skips the array bounds checks: this
        // loop is most of a detector's per-sample cost.
        ref uint nodes = ref MemoryMarshal.GetArrayDataReference(_nodes);
        double totalDepth = 0;
        foreach (int root in _roots)
        {
            int node = root;
            int depth = 0;
            double remainder = 0;
            while (true)
            {
                uint word = Unsafe.Add(ref nodes, node);
                uint feature = word >> FeatureShift;
                if (feature == Leaf)
                {
                    remainder = LeafDepth[word & LeafSizeMask];
                    break;
                }

                depth++;
                if (outside[(int)feature])
                {
                    // Isolated here: the split a node could have drawn would have separated it from all its points.
                    break;
                }

                node += position[(int)feature] < ((word >> SplitShift) & SplitMask) ? 1 : (int)(word & OffsetMask);
            }

            totalDepth += depth + remainder;
        }

        return _normaliser > 0 ? Math.Pow(2, -(totalDepth / _treeCount) / _normaliser) : 0.5;
    }

    /// <summary>c(n): the average path length of an unsuccessful search in a binary search tree of n points.</summary>
    public static double AveragePathLength(int n) => n switch
    {
        <= 1 => 0,
        2 => 1,
        _ => (2 * (Math.Log(n - 1) + EulerGamma)) - (2.0 * (n - 1) / n),
    };

    // Where a value sits in the fixed-point split scale of dimension d; growth and scoring must both use exactly this.
    private float Position(float value, int d) => (value - _low[d]) * _steps[d];

    // Grows the subtree for _sample[start..end): nodes are appended to _grown in pre-order.
    private void GrowNode(int start, int end, int depth)
    {
        int node = _nextNode++;
        int size = end - start;
        if (depth >= _heightLimit || size <= 1)
        {
            _grown[node] = (Leaf << FeatureShift) | (uint)size;
            return;
        }

        int feature = _dimensions == 1 ? 0 : _random.Next(_dimensions);
        ReadOnlySpan<float> positions = _positions.AsSpan(feature * _count, _count);
        float min = float.PositiveInfinity;
        float max = float.NegativeInfinity;
        for (int i = start; i < end; i++)
        {
            float value = positions[_sample[i]];
            min = Math.Min(min, value);
            max = Math.Max(max, value);
        }

        float margin = _marginSteps[feature];
        double cut = min - margin + (_random.NextDouble() * (max - min + (2 * margin)));
        uint split = (uint)Math.Clamp(Math.Round(cut), 0, SplitSteps);

        // Partition in place by the comparison scoring makes: positions below the split go left. Branch-free (swap
        // always, advance only for a left value): which way a point goes is a coin toss, and mispredicted branches
        // were most of the cost of a regrowth.
        int middle = start;
        for (int i = start; i < end; i++)
        {
            int index = _sample[i];
            int left = positions[index] < split ? 1 : 0;
            _sample[i] = _sample[middle];
            _sample[middle] = index;
            middle += left;
        }

        GrowNode(start, middle, depth + 1);
        uint right = (uint)(_nextNode - node);
        GrowNode(middle, end, depth + 1);
        _grown[node] = ((uint)feature << FeatureShift) | (split << SplitShift) | right;
    }
}
