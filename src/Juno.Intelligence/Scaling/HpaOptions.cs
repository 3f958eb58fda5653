namespace Juno.Intelligence;

/// <summary>The Kubernetes HorizontalPodAutoscaler's CPU rule and its default behaviour (autoscaling/v2).</summary>
public sealed record HpaOptions
{
    public static HpaOptions Default { get; } = new();

    /// <summary>Target average CPU utilisation of the pods against their request.</summary>
    public double TargetUtilisation { get; init; } = 0.7;

    /// <summary>No change while current / target stays within 1 ± this (the controller's default 0.1).</summary>
    public double Tolerance { get; init; } = 0.1;

    /// <summary>Scale-down takes the highest recommendation of this window (default 300 s).</summary>
    public TimeSpan ScaleDownStabilisation { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Scale-up limit per sync: the larger of doubling and this many pods (the default policies, selectPolicy Max).</summary>
    public int ScaleUpPods { get; init; } = 4;
}
