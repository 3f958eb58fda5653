using System.Runtime.InteropServices;

namespace Juno.Evaluation.Reference;

/// <summary>
/// All semi-contexts of one side (left: what came before, right: what came now), indexed by their fact set and by each
/// fact, and the subset the last input crossed (shared at least one fact with).
/// </summary>
internal sealed class SemiContextSide(bool isLeft)
{
    private readonly Dictionary<ulong, int> _idByHash = [];
    private readonly Dictionary<int, List<SemiContext>> _byFact = [];
    private readonly List<SemiContext> _crossed = [];

    public List<SemiContext> All { get; } = [];

    /// <summary>Semi-contexts sharing a fact with the last crossed input, each with the facts it shares.</summary>
    public List<SemiContext> Crossed => _crossed;

    public int Count => All.Count;

    /// <summary>The id of the semi-context holding exactly these (sorted) facts, or -1.</summary>
    public int Find(ReadOnlySpan<int> facts) => Find(facts, out _);

    /// <summary>The id of the semi-context holding exactly these (sorted) facts, learning it if it is new.</summary>
    public int GetOrAdd(ReadOnlySpan<int> facts)
    {
        int found = Find(facts, out ulong hash);
        if (found >= 0)
        {
            return found;
        }

        var semi = new SemiContext(All.Count, facts.ToArray(), isLeft);
        All.Add(semi);
        _idByHash.Add(hash, semi.Id);
        foreach (int fact in semi.Facts)
        {
            ref List<SemiContext>? list = ref CollectionsMarshal.GetValueRefOrAddDefault(_byFact, fact, out _);
            (list ??= []).Add(semi);
        }

        return semi.Id;
    }

    // A 64-bit collision between different sets is astronomically rare; it is probed past rather than merged, and
    // `free` is the first key past the probe, where a new set with these facts goes.
    private int Find(ReadOnlySpan<int> facts, out ulong free)
    {
        free = FactSet.Hash(facts);
        while (_idByHash.TryGetValue(free, out int id))
        {
            if (All[id].Facts.AsSpan().SequenceEqual(facts))
            {
                return id;
            }

            free++;
        }

        return -1;
    }

    /// <summary>Crosses the input's (sorted) facts with every semi-context: each one learns which of its facts are present.</summary>
    public void Cross(ReadOnlySpan<int> facts)
    {
        foreach (SemiContext semi in _crossed)
        {
            semi.CrossedCount = 0;
        }

        _crossed.Clear();
        foreach (int fact in facts)
        {
            if (!_byFact.TryGetValue(fact, out List<SemiContext>? holders))
            {
                continue;
            }

            foreach (SemiContext semi in holders)
            {
                if (semi.CrossedCount == 0)
                {
                    _crossed.Add(semi);
                }

                semi.Crossed[semi.CrossedCount++] = fact;
            }
        }
    }
}
