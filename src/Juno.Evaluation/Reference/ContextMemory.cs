using System.Runtime.InteropServices;

namespace Juno.Evaluation.Reference;

/// <summary>
/// The learned contexts of a <see cref="ContextualAnomalyDetector"/>: each context is a left semi-context (the facts
/// that held one step earlier, sensor values and the contexts then active) followed by a right semi-context (the sensor
/// facts now). Contexts are learned whole at first (zero level: everything before, everything now) and later as the
/// overlaps between what a zero-level context expected and what happened, which is how general patterns emerge.
/// </summary>
/// <remarks>
/// The algorithm is the Contextual Anomaly Detector (CAD OSE, M. Smirnov, 2016), written here from its description and
/// NAB's reference: a familiar sequence keeps predicting itself while a new one predicts nothing. One deliberate
/// difference: the reference never checks its very first context as a prediction (an identity test between a context
/// id of 0 and "no new context"); here every context but the one learned this step is checked. The memory only grows; <see cref="Capacity"/> bounds it, after which nothing new is learned
/// and every unfamiliar context counts as new, so the score stays meaningful.
/// </remarks>
internal sealed class ContextMemory(int capacity)
{
    private readonly List<ContextEntry> _contexts = [];

    // The zero-level context learned at this step: it is not yet a prediction, so it is not checked as one.
    private int _newContextId = -1;

    public SemiContextSide Left { get; } = new(isLeft: true);

    public SemiContextSide Right { get; } = new(isLeft: false);

    public int Capacity { get; } = capacity;

    public int Count => _contexts.Count;

    public bool Full => _contexts.Count >= Capacity;

    public ReadOnlySpan<ContextEntry> Contexts => CollectionsMarshal.AsSpan(_contexts);

    /// <summary>Remembers the whole step (everything before, the sensor facts now); true when it had never happened.</summary>
    public bool LearnZeroLevel(ReadOnlySpan<int> left, ReadOnlySpan<int> right)
    {
        if (Find(left, right) is { } id)
        {
            CollectionsMarshal.AsSpan(_contexts)[id].ZeroLevel = true;
            return false;
        }

        if (Full)
        {
            return true;
        }

        _newContextId = Add(left, right, zeroLevel: true);
        return true;
    }

    /// <summary>Learns a general context unless it is known; true when it was new.</summary>
    public bool Learn(ReadOnlySpan<int> left, ReadOnlySpan<int> right)
    {
        if (Find(left, right) is not null)
        {
            return false;
        }

        if (!Full)
        {
            Add(left, right, zeroLevel: false);
        }

        return true;
    }

    /// <summary>
    /// After <see cref="SemiContextSide.Cross"/> of the left side with the previous step's facts and of the right side
    /// with the current sensor facts: every context whose left half held completely was a prediction ("selected"); those
    /// whose right half holds completely too came true and are active (their use count rises). When this step was new,
    /// the partial overlaps of zero-level contexts become candidate general contexts.
    /// </summary>
    /// <returns>The number of selected contexts.</returns>
    public int Activate(bool newStep, int maxLeftFacts, List<int> active, CandidateContexts candidates)
    {
        int selected = 0;
        Span<ContextEntry> contexts = CollectionsMarshal.AsSpan(_contexts);
        foreach (SemiContext left in Left.Crossed)
        {
            bool leftHeld = left.FullyCrossed;
            foreach ((int rightId, int contextId) in left.ContextByRight!)
            {
                if (contextId == _newContextId)
                {
                    continue;
                }

                ref ContextEntry context = ref contexts[contextId];
                SemiContext right = Right.All[rightId];
                if (leftHeld)
                {
                    selected++;
                    if (right.CrossedCount == 0)
                    {
                        continue;
                    }

                    if (right.FullyCrossed)
                    {
                        context.Uses++;
                        active.Add(contextId);
                        continue;
                    }
                }
                else if (right.CrossedCount == 0)
                {
                    continue;
                }

                if (context.ZeroLevel && newStep && left.CrossedCount <= maxLeftFacts)
                {
                    candidates.Add(left.CrossedFacts, right.CrossedFacts);
                }
            }
        }

        _newContextId = -1;
        return selected;
    }

    private int? Find(ReadOnlySpan<int> left, ReadOnlySpan<int> right)
    {
        int leftId = Left.Find(left);
        int rightId = leftId < 0 ? -1 : Right.Find(right);
        return rightId >= 0 && Left.All[leftId].ContextByRight!.TryGetValue(rightId, out int id) ? id : null;
    }

    private int Add(ReadOnlySpan<int> left, ReadOnlySpan<int> right, bool zeroLevel)
    {
        int leftId = Left.GetOrAdd(left);
        int rightId = Right.GetOrAdd(right);
        int id = _contexts.Count;
        _contexts.Add(new ContextEntry(leftId, rightId) { ZeroLevel = zeroLevel });
        Left.All[leftId].ContextByRight!.Add(rightId, id);
        return id;
    }
}
