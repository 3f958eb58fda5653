namespace Juno.Intelligence;

/// <summary>Static provisioning: the same replica count all the time, sized for a peak seen before.</summary>
public sealed class FixedPolicy(int replicas) : IScalingPolicy
{
    public string Name => $"fixed ({replicas} pods)";

    public int Replicas => replicas;

    public int Decide(in ScalingObservation observation) => replicas;

    /// <summary>Enough pods for <paramref name="peakRequestRate"/> at <paramref name="utilisation"/> of their capacity, within the workload's bounds.</summary>
    public static FixedPolicy ForPeak(double peakRequestRate, ScalingSimulationOptions workload, double utilisation)
    {
        ArgumentNullException.ThrowIfNull(workload);
        int needed = (int)Math.Ceiling(peakRequestRate / (workload.PodCapacity * utilisation));
        return new(Math.Clamp(needed, workload.MinReplicas, workload.MaxReplicas));
    }
}
