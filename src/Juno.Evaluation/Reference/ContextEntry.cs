namespace Juno.Evaluation.Reference;

/// <summary>A learned context: its two halves (semi-context ids), how often it came true, and whether it was learned whole.</summary>
internal struct ContextEntry(int left, int right)
{
    public readonly int Left = left;
    public readonly int Right = right;

    /// <summary>How many times the context's prediction came true; the most used active contexts feed the next step.</summary>
    public int Uses;

    /// <summary>Learned (or re-seen) as a whole step; only these spawn general contexts from their partial overlaps.</summary>
    public bool ZeroLevel;
}
