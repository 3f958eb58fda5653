namespace Juno.Silo.Demo;

/// <summary>Simulated time for the demo cluster: starts at real "now" and runs <c>speed</c> times faster,
/// so pods' startup delays and incidents play out in seconds of real time.</summary>
internal sealed class AcceleratedClock(TimeProvider real, double speed) : TimeProvider
{
    private readonly DateTimeOffset _origin = real.GetUtcNow();
    private readonly long _started = real.GetTimestamp();

    public DateTimeOffset Origin => _origin;

    public override DateTimeOffset GetUtcNow() => _origin + real.GetElapsedTime(_started) * speed;
}
