namespace Juno.Evaluation.Reference;

/// <summary>
/// One half of a learned context: a sorted set of facts, and how many of them the current input holds.
/// A left semi-context also lists the contexts it starts (by the right semi-context that completes each).
/// </summary>
internal sealed class SemiContext
{
    public SemiContext(int id, int[] facts, bool isLeft)
    {
        Id = id;
        Facts = facts;
        Crossed = new int[facts.Length];
        ContextByRight = isLeft ? [] : null;
    }

    public int Id { get; }

    /// <summary>The facts, ascending.</summary>
    public int[] Facts { get; }

    /// <summary>Of <see cref="Facts"/>, those the last crossing input held, ascending; the first <see cref="CrossedCount"/>.</summary>
    public int[] Crossed { get; }

    public int CrossedCount { get; set; }

    public bool FullyCrossed => CrossedCount == Facts.Length;

    public ReadOnlySpan<int> CrossedFacts => Crossed.AsSpan(0, CrossedCount);

    /// <summary>Left side only: right semi-context id to context id, in the order the contexts were learned.</summary>
    public Dictionary<int, int>? ContextByRight { get; }
}
