using System.Collections.Concurrent;

namespace Juno.Intelligence;

/// <summary>
/// The random, data-independent split structure of a half-space forest: for every internal node, the dimension it
/// splits and where. It depends only on the options (seed included), so every forest with the same options shares one
/// immutable layout and a metric's own state is just its masses.
/// </summary>
/// <remarks>
/// Nodes are stored implicitly, tree after tree, root first, children of node n at 2n+1 (below the split) and 2n+2.
/// Each tree draws, per dimension, a centre s in [0, 1) and a work range s ± 2·max(s, 1 − s) that always covers
/// [0, 1]; a node splits its dimension's current range in half (Tan, Ting and Liu, "Fast anomaly detection for
/// streaming data", IJCAI 2011).
/// </remarks>
internal sealed class HalfSpaceTreeLayout
{
    private static readonly ConcurrentDictionary<ShingleForestOptions, HalfSpaceTreeLayout> Shared = new();

    private HalfSpaceTreeLayout(ShingleForestOptions options)
    {
        Depth = options.Depth;
        InternalNodesPerTree = (1 << options.Depth) - 1;
        NodesPerTree = (2 << options.Depth) - 1;
        Dimensions = new byte[options.Trees * InternalNodesPerTree];
        Splits = new float[options.Trees * InternalNodesPerTree];

        var random = new Random(options.Seed);
        var low = new double[options.ShingleLength];
        var high = new double[options.ShingleLength];
        for (int tree = 0; tree < options.Trees; tree++)
        {
            for (int d = 0; d < options.ShingleLength; d++)
            {
                double centre = random.NextDouble();
                double half = 2 * Math.Max(centre, 1 - centre);
                low[d] = centre - half;
                high[d] = centre + half;
            }

            Build(random, tree * InternalNodesPerTree, 0, 0, low, high);
        }
    }

    public int Depth { get; }

    public int InternalNodesPerTree { get; }

    public int NodesPerTree { get; }

    /// <summary>Split dimension of each internal node, tree after tree.</summary>
    public byte[] Dimensions { get; }

    /// <summary>Split value of each internal node: points below it go to the first child.</summary>
    public float[] Splits { get; }

    public static HalfSpaceTreeLayout For(ShingleForestOptions options) => Shared.GetOrAdd(options, o => new HalfSpaceTreeLayout(o));

    private void Build(Random random, int treeBase, int node, int depth, double[] low, double[] high)
    {
        if (depth == Depth)
        {
            return;
        }

        int dimension = random.Next(low.Length);
        double split = (low[dimension] + high[dimension]) / 2;
        Dimensions[treeBase + node] = (byte)dimension;
        Splits[treeBase + node] = (float)split;

        double savedHigh = high[dimension];
        high[dimension] = split;
        Build(random, treeBase, (2 * node) + 1, depth + 1, low, high);
        high[dimension] = savedHigh;

        double savedLow = low[dimension];
        low[dimension] = split;
        Build(random, treeBase, (2 * node) + 2, depth + 1, low, high);
        low[dimension] = savedLow;
    }
}
