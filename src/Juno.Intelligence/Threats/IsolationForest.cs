namespace Juno.Intelligence;

/// <summary>
/// Isolation forest (Liu, Ting and Zhou, 2008) over fixed-length float vectors, with node storage allocated once so
/// growing and scoring allocate nothing.
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
/// Trees are stored in pre-order: a node's left child is the next node and its right child is stored by index. Leaves
/// have feature −1 and keep c(size) in the split slot.
/// </para>
/// </remarks>
internal sealed class IsolationForest
{
    private const double EulerGamma = 0.5772156649015329;

    private readonly int _stride;
    private readonly int[] _features;
    private readonly int _dimensions;
    private readonly int _treeCount;
    private readonly int _subsampleSize;
    private readonly int _heightLimit;
    private readonly int _nodesPerTree;
    private readonly sbyte[] _feature;
    private readonly float[] _split;
    private readonly short[] _right;
    private readonly int[] _sample;
    private readonly float[] _low;
    private readonly float[] _high;

    // Set for the duration of Grow only: the recursion reads them instead of passing them down.
    private float[] _training = [];
    private float[] _margins = [];
    private SplitMix64 _random;
    private int _treeBase;
    private int _nextNode;

    private double _normaliser;

    /// <param name="stride">Values per training row and per scored vector.</param>
    /// <param name="features">Positions in each row of the features this forest splits on.</param>
    public IsolationForest(int stride, int[] features, int treeCount, int subsampleSize, int trainingCapacity)
    {
        _stride = stride;
        _features = features;
        _dimensions = features.Length;
        _treeCount = treeCount;
        _subsampleSize = subsampleSize;
        _heightLimit = (int)Math.Ceiling(Math.Log2(subsampleSize));
        _nodesPerTree = (1 << (_heightLimit + 1)) - 1;
        _feature = new sbyte[treeCount * _nodesPerTree];
        _split = new float[treeCount * _nodesPerTree];
        _right = new short[treeCount * _nodesPerTree];
        _sample = new int[trainingCapacity];
        _low = new float[_dimensions];
        _high = new float[_dimensions];
    }

    public bool IsGrown { get; private set; }

    /// <summary>Grows every tree from the first <paramref name="count"/> row-major vectors of <paramref name="training"/>.</summary>
    /// <param name="margins">Per feature of the row, how far beyond the node's range a split may fall; must be positive.</param>
    public void Grow(float[] training, int count, float[] margins, ulong seed)
    {
        _training = training;
        _margins = margins;
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
            _high[d] = max + margins[offset];
        }

        for (int i = 0; i < count; i++)
        {
            _sample[i] = i;
        }

        for (int tree = 0; tree < _treeCount; tree++)
        {
            // Partial Fisher–Yates: the first perTree slots become this tree's subsample.
            for (int i = 0; i < perTree; i++)
            {
                int j = i + _random.Next(count - i);
                (_sample[i], _sample[j]) = (_sample[j], _sample[i]);
            }

            _treeBase = tree * _nodesPerTree;
            _nextNode = 0;
            GrowNode(0, perTree, 0);
        }

        _normaliser = AveragePathLength(perTree);
        _training = [];
        _margins = [];
        IsGrown = true;
    }

    /// <summary>Anomaly score of <paramref name="vector"/> in [0, 1]; allocation-free.</summary>
    public double Score(ReadOnlySpan<float> vector)
    {
        double totalDepth = 0;
        for (int tree = 0; tree < _treeCount; tree++)
        {
            int root = tree * _nodesPerTree;
            int node = root;
            int depth = 0;
            int feature;
            double remainder = 0;
            while ((feature = _feature[node]) >= 0)
            {
                float value = vector[_features[feature]];
                depth++;
                if (value < _low[feature] || value > _high[feature])
                {
                    // Beyond every split any node could have drawn on this feature: isolated here.
                    break;
                }

                node = value < _split[node] ? node + 1 : root + _right[node];
            }

            if (feature < 0)
            {
                remainder = _split[node];
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

    // Grows the subtree for _sample[start..end) and returns nothing: nodes are appended in pre-order.
    private void GrowNode(int start, int end, int depth)
    {
        int node = _treeBase + _nextNode++;
        int size = end - start;
        if (depth >= _heightLimit || size <= 1)
        {
            _feature[node] = -1;
            _split[node] = (float)AveragePathLength(size);
            return;
        }

        int feature = _dimensions == 1 ? 0 : _random.Next(_dimensions);
        int offset = _features[feature];
        float min = float.PositiveInfinity;
        float max = float.NegativeInfinity;
        for (int i = start; i < end; i++)
        {
            float value = _training[(_sample[i] * _stride) + offset];
            min = Math.Min(min, value);
            max = Math.Max(max, value);
        }

        float margin = _margins[offset];
        float split = (float)(min - margin + (_random.NextDouble() * (max - min + (2 * margin))));

        // Partition in place: values below the split go left.
        int middle = start;
        for (int i = start; i < end; i++)
        {
            if (_training[(_sample[i] * _stride) + offset] < split)
            {
                (_sample[i], _sample[middle]) = (_sample[middle], _sample[i]);
                middle++;
            }
        }

        _feature[node] = (sbyte)feature;
        _split[node] = split;
        GrowNode(start, middle, depth + 1);
        _right[node] = (short)_nextNode;
        GrowNode(middle, end, depth + 1);
    }
}
