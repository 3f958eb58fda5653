namespace Juno.Intelligence;

/// <summary>
/// The reactive rule SRE teams run today: desired = ceil(current x utilisation / target), unchanged within the
/// tolerance, scale-down smoothed by the stabilisation window, scale-up limited per sync. Pods not yet ready count as
/// idle when scaling up and as at target when scaling down, as the controller does, so a scale-up in progress is not
/// doubled. One sync per observed minute (the controller syncs every 15 s, but pods started in a sync are not ready
/// for the next three, so those syncs would repeat the first one's answer).
/// </summary>
public sealed class HpaPolicy(HpaOptions? options = null) : IScalingPolicy
{
    private readonly HpaOptions _options = options ?? HpaOptions.Default;
    private readonly Queue<(long AtMs, int Replicas)> _recommendations = new();

    public string Name => "HPA (CPU 70%)";

    public int Decide(in ScalingObservation observation)
    {
        int current = observation.DesiredReplicas;
        int ready = observation.ReadyReplicas;
        int recommendation = current;
        if (ready > 0)
        {
            double target = _options.TargetUtilisation;
            double usage = observation.CpuUtilisation * ready;
            double ratio = usage / (ready * target);
            if (ratio > 1)
            {
                ratio = usage / (current * target);
            }
            else if (ratio < 1)
            {
                ratio = (usage + ((current - ready) * target)) / (current * target);
            }

            if (Math.Abs(ratio - 1) > _options.Tolerance)
            {
                recommendation = (int)Math.Ceiling(ratio * current);
            }
        }

        _recommendations.Enqueue((observation.TimestampMs, recommendation));
        long windowStart = observation.TimestampMs - (long)_options.ScaleDownStabilisation.TotalMilliseconds;
        while (_recommendations.Peek().AtMs <= windowStart)
        {
            _recommendations.Dequeue();
        }

        if (recommendation < current)
        {
            int highest = 0;
            foreach ((_, int replicas) in _recommendations)
            {
                highest = Math.Max(highest, replicas);
            }

            return Math.Min(current, highest);
        }

        return Math.Min(recommendation, Math.Max(2 * current, current + _options.ScaleUpPods));
    }
}
