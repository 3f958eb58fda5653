namespace Juno.Intelligence;

/// <summary>A replica-count policy: after each observed minute it names the replicas it wants.</summary>
public interface IScalingPolicy
{
    string Name { get; }

    /// <summary>The desired replica count after this minute (the simulator clamps it to the workload's bounds).</summary>
    int Decide(in ScalingObservation observation);
}
