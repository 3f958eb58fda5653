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
    private readonly ScaleDownStabilisation _stabilisation = new((options ?? HpaOptions.Default).ScaleDownStabilisation);

    public string Name => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"HPA (CPU {_options.TargetUtilisation * 100:F0}%)");

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

        int stabilised = _stabilisation.Apply(observation.TimestampMs, recommendation, current);
        return Math.Min(stabilised, Math.Max(2 * current, current + _options.ScaleUpPods));
    }
}
