namespace Juno.Grains.Options;

/// <summary>Which actuator governance drives. Bound from <c>Juno:Actuator</c>.</summary>
public sealed class ActuatorOptions
{
    public const string Section = "Juno:Actuator";

    /// <summary><c>simulated</c> (an in-process cluster, the embedded default) or <c>kubernetes</c>.</summary>
    public string Mode { get; set; } = ActuatorModes.Simulated;

    /// <summary>Seed of the simulated cluster's demand noise.</summary>
    public int SimulationSeed { get; set; } = 42;
}

public static class ActuatorModes
{
    public const string Simulated = "simulated";
    public const string Kubernetes = "kubernetes";
}
