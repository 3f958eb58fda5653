namespace Juno.Intelligence;

/// <summary>
/// The pods of a simulated deployment as the instants they become ready. Scaling up adds pods that start now;
/// scaling down removes the youngest first (pods still starting go before ready ones), as the ReplicaSet controller does.
/// </summary>
internal sealed class PodPool(int initial)
{
    // Ready instants, kept sorted ascending, so the youngest are at the end.
    private readonly List<long> _readyAt = [.. Enumerable.Repeat(long.MinValue, initial)];

    public int Count => _readyAt.Count;

    public int ReadyAt(long nowMs)
    {
        int ready = 0;
        foreach (long at in _readyAt)
        {
            ready += at <= nowMs ? 1 : 0;
        }

        return ready;
    }

    public void ScaleTo(int replicas, long nowMs, long startupMs)
    {
        while (_readyAt.Count < replicas)
        {
            _readyAt.Add(nowMs + startupMs);
        }

        if (_readyAt.Count > replicas)
        {
            _readyAt.RemoveRange(replicas, _readyAt.Count - replicas);
        }
    }
}
