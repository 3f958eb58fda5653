namespace Juno.Evaluation.Reference;

/// <summary>Sorted sets of facts (ints) as the context memory keys them: a 64-bit hash and an equality check.</summary>
internal static class FactSet
{
    /// <summary>FNV-1a over the facts' bytes, in order; the caller passes them sorted, so equal sets hash equal.</summary>
    public static ulong Hash(ReadOnlySpan<int> facts, ulong seed = 14695981039346656037UL)
    {
        ulong hash = seed;
        foreach (int fact in facts)
        {
            hash = (hash ^ (uint)fact) * 1099511628211UL;
            hash ^= hash >> 29;
        }

        return (hash ^ (ulong)facts.Length) * 1099511628211UL;
    }

    /// <summary>The hash of a (left, right) pair, for counting the distinct candidate contexts of a step.</summary>
    public static ulong Hash(ReadOnlySpan<int> left, ReadOnlySpan<int> right) => Hash(right, Hash(left) ^ 0x9E3779B97F4A7C15UL);
}
