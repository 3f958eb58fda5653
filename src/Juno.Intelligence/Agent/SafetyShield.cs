namespace Juno.Intelligence;

/// <summary>
/// Hard limits the agent can never cross, applied as an action mask before it chooses.
/// </summary>
/// <remarks>
/// Hold is always allowed. Scaling (either direction) is blocked during cooldown and whenever the result would leave
/// [minReplicas, maxReplicas]; moves back towards the range from outside it stay allowed. Restart is governed only by
/// <c>restartAllowed</c>, which the caller derives from its own restart budget.
/// </remarks>
public static class SafetyShield
{
    public static void Mask(int replicas, int minReplicas, int maxReplicas, bool inCooldown, bool restartAllowed, Span<bool> allowed)
    {
        if (allowed.Length < AgentActions.Count)
        {
            throw new ArgumentException($"Mask needs {AgentActions.Count} entries.", nameof(allowed));
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(minReplicas, maxReplicas);
        allowed[(int)AgentAction.Hold] = true;
        allowed[(int)AgentAction.ScaleOutOne] = !inCooldown && replicas + 1 <= maxReplicas;
        allowed[(int)AgentAction.ScaleOutTwo] = !inCooldown && replicas + 2 <= maxReplicas;
        allowed[(int)AgentAction.ScaleInOne] = !inCooldown && replicas - 1 >= minReplicas;
        allowed[(int)AgentAction.ScaleInTwo] = !inCooldown && replicas - 2 >= minReplicas;
        allowed[(int)AgentAction.Restart] = restartAllowed;
    }
}
