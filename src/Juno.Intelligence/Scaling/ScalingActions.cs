namespace Juno.Intelligence;

/// <summary>
/// The replica policy's actions, in its network's output order: hold, +1, +2, -1, -2 pods. The indices match
/// <see cref="AgentAction"/>'s first five, so a served policy's choice reads as an agent action.
/// </summary>
public static class ScalingActions
{
    public const int Count = 5;

    private static readonly int[] Deltas = [0, 1, 2, -1, -2];

    public static int Delta(int action) => Deltas[action];

    /// <summary>The shield: replica bounds always; no scale-in while an objective is broken (taking capacity away
    /// from a failing service is never the fix); nothing but hold while a cooldown runs.</summary>
    public static void Allowed(int desired, int minReplicas, int maxReplicas, bool violating, bool inCooldown, Span<bool> allowed)
    {
        for (int a = 0; a < Count; a++)
        {
            int next = desired + Deltas[a];
            allowed[a] = a == 0
                || (!inCooldown && next >= minReplicas && next <= maxReplicas && !(violating && Deltas[a] < 0));
        }
    }

    /// <summary>The allowed action with the highest value (hold when nothing else is allowed).</summary>
    public static int Best(ReadOnlySpan<float> q, ReadOnlySpan<bool> allowed)
    {
        int best = 0;
        for (int a = 0; a < Count; a++)
        {
            if (allowed[a] && (!allowed[best] || q[a] > q[best]))
            {
                best = a;
            }
        }

        return best;
    }
}
