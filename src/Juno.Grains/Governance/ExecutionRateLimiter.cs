namespace Juno.Grains.Governance;

/// <summary>A sliding one-minute window over executed actions in one cluster.</summary>
internal sealed class ExecutionRateLimiter(GovernanceState state, int perMinute)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public int CountInWindow(DateTimeOffset now)
    {
        state.ExecutionTimes.RemoveAll(at => now - at >= Window);
        return state.ExecutionTimes.Count;
    }

    public bool HasRoom(DateTimeOffset now) => CountInWindow(now) < perMinute;

    public void Record(DateTimeOffset now) => state.ExecutionTimes.Add(now);
}
