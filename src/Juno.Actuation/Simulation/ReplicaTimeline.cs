namespace Juno.Actuation.Simulation;

/// <summary>The scale and restart history of one deployment. State at any instant is replayed from the
/// history, so observing the past (a backfill) sees the replicas of the past.</summary>
internal sealed class ReplicaTimeline(int initialReplicas, TimeSpan startupDelay)
{
    private readonly List<Change> _changes = [];

    public int Desired => _changes.LastOrDefault(c => c.Replicas is not null).Replicas ?? initialReplicas;

    public void Scale(DateTimeOffset at, int replicas) => Record(new Change(at, replicas));

    public void Restart(DateTimeOffset at) => Record(new Change(at, null));

    public ReplicaState At(DateTimeOffset at)
    {
        // Each pod is represented by the instant it becomes ready; the initial pods always were.
        var pods = Enumerable.Repeat(DateTimeOffset.MinValue, initialReplicas).ToList();
        DateTimeOffset? restartCompleted = null;
        foreach (var change in _changes.TakeWhile(c => c.At <= at))
        {
            var ready = change.At + startupDelay;
            if (change.Replicas is int replicas)
            {
                pods.Sort();
                if (replicas > pods.Count)
                {
                    pods.AddRange(Enumerable.Repeat(ready, replicas - pods.Count));
                }
                else
                {
                    // Like the ReplicaSet controller, remove pods that are not ready (the youngest) first.
                    pods.RemoveRange(replicas, pods.Count - replicas);
                }
            }
            else
            {
                // A rolling restart keeps old pods serving until their replacements are ready, so the
                // ready count holds; pods still starting are replaced by ones ready when the rollout is.
                for (var i = 0; i < pods.Count; i++)
                {
                    pods[i] = pods[i] > change.At && pods[i] < ready ? ready : pods[i];
                }

                if (ready <= at)
                {
                    restartCompleted = ready;
                }
            }
        }

        return new ReplicaState(pods.Count, pods.Count(p => p <= at), restartCompleted);
    }

    private void Record(Change change)
    {
        // Kept in time order; the clock is not expected to go backwards, but replay must not depend on that.
        var index = _changes.FindLastIndex(c => c.At <= change.At) + 1;
        _changes.Insert(index, change);
    }

    /// <summary>A scale to <see cref="Replicas"/>, or a restart when it is null.</summary>
    private readonly record struct Change(DateTimeOffset At, int? Replicas);
}
