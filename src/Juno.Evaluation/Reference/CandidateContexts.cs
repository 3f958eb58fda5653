namespace Juno.Evaluation.Reference;

/// <summary>
/// The candidate new contexts of one step, as fact ranges in one reused buffer, and how many distinct ones there were:
/// no allocation once the buffers have grown to a series' needs.
/// </summary>
internal sealed class CandidateContexts
{
    private readonly HashSet<ulong> _distinct = [];
    private readonly List<(int LeftStart, int LeftLength, int RightStart, int RightLength)> _ranges = [];
    private int[] _facts = new int[256];
    private int _used;

    public int Count => _ranges.Count;

    public int Distinct => _distinct.Count;

    public void Clear()
    {
        _distinct.Clear();
        _ranges.Clear();
        _used = 0;
    }

    /// <summary>Counts a pair as a distinct candidate without keeping it (the step's own zero-level context).</summary>
    public void CountDistinct(ReadOnlySpan<int> left, ReadOnlySpan<int> right) => _distinct.Add(FactSet.Hash(left, right));

    public void Add(ReadOnlySpan<int> left, ReadOnlySpan<int> right)
    {
        CountDistinct(left, right);
        int needed = _used + left.Length + right.Length;
        if (needed > _facts.Length)
        {
            Array.Resize(ref _facts, Math.Max(needed, _facts.Length * 2));
        }

        left.CopyTo(_facts.AsSpan(_used));
        right.CopyTo(_facts.AsSpan(_used + left.Length));
        _ranges.Add((_used, left.Length, _used + left.Length, right.Length));
        _used = needed;
    }

    public ReadOnlySpan<int> LeftOf(int index) => _facts.AsSpan(_ranges[index].LeftStart, _ranges[index].LeftLength);

    public ReadOnlySpan<int> RightOf(int index) => _facts.AsSpan(_ranges[index].RightStart, _ranges[index].RightLength);
}
