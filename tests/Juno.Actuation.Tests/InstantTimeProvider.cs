using System.Collections.Concurrent;

namespace Juno.Actuation.Tests;

/// <summary>A clock that lets every wait elapse at once, recording how long each would have been: retry backoff is
/// asserted exactly without the test waiting for it. It stands still, unless <paramref name="advanceOnWait"/>: then
/// each wait moves it on by the wait's length, so deadlines made of waits arrive.</summary>
internal sealed class InstantTimeProvider(DateTimeOffset now, bool advanceOnWait = false) : TimeProvider
{
    private readonly ConcurrentQueue<TimeSpan> _waits = new();
    private long _advancedTicks;

    public IReadOnlyList<TimeSpan> Waits => [.. _waits];

    public override DateTimeOffset GetUtcNow() => now + TimeSpan.FromTicks(Interlocked.Read(ref _advancedTicks));

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        _waits.Enqueue(dueTime);
        if (advanceOnWait && dueTime > TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
        {
            Interlocked.Add(ref _advancedTicks, dueTime.Ticks);
        }

        return System.CreateTimer(callback, state, TimeSpan.Zero, period);
    }
}
