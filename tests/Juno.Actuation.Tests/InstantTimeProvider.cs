using System.Collections.Concurrent;

namespace Juno.Actuation.Tests;

/// <summary>A clock that stands still and lets every wait elapse at once, recording how long each
/// would have been: retry backoff is asserted exactly without the test waiting for it.</summary>
internal sealed class InstantTimeProvider(DateTimeOffset now) : TimeProvider
{
    private readonly ConcurrentQueue<TimeSpan> _waits = new();

    public IReadOnlyList<TimeSpan> Waits => [.. _waits];

    public override DateTimeOffset GetUtcNow() => now;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        _waits.Enqueue(dueTime);
        return System.CreateTimer(callback, state, TimeSpan.Zero, period);
    }
}
