namespace Juno.Grains.Options;

/// <summary>How entity grains decide and checkpoint. Bound from <c>Juno:Decision</c>.</summary>
public sealed class DecisionOptions
{
    public const string Section = "Juno:Decision";

    /// <summary>Period of the decision tick timer on each active workload and node grain.</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Checkpoint after this many accepted samples...</summary>
    public int CheckpointEverySamples { get; set; } = 2_000;

    /// <summary>...or after this long with unsaved samples, whichever comes first.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Samples of CPU needed before the agent may propose anything.</summary>
    public int WarmupSamples { get; set; } = 30;

    /// <summary>No new scaling proposal for a workload within this long of its last executed action.</summary>
    public TimeSpan ActionCooldown { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>At most one restart per workload in this window.</summary>
    public TimeSpan RestartCooldown { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Entity anomaly score at or above which a healing incident is opened.</summary>
    public double IncidentThreshold { get; set; } = 0.9;

    /// <summary>A new incident for the same entity is not opened within this long of the last one.</summary>
    public TimeSpan IncidentQuietPeriod { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The latency objective workloads are held to (p95, ms); the agent sees latency as a ratio of it.</summary>
    public double LatencySloMs { get; set; } = 250;

    /// <summary>The error-rate objective workloads are held to (share of failed requests).</summary>
    public double ErrorRateSlo { get; set; } = 0.05;

    /// <summary>CPU and memory utilisation a node must stay under; above it pods are starved or evicted.</summary>
    public double NodeSaturation { get; set; } = 0.9;

    /// <summary>How long a "raise monitoring" playbook step keeps an entity under closer watch.</summary>
    public TimeSpan RaisedMonitoringFor { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Share of a new agent's decisions that explore a random allowed action; it decays with use.</summary>
    public double InitialExploration { get; set; } = 0.1;

    /// <summary>Seed of the agents' exploration; fixed so runs are reproducible.</summary>
    public int ExplorationSeed { get; set; } = 17;

    /// <summary>Decisions a workload counts per policy version before it reports them to the policy registry.</summary>
    public int PolicyReportEvery { get; set; } = 10;

    public string? Validate() =>
        TickInterval <= TimeSpan.Zero ? "Juno:Decision:TickInterval must be positive."
        : CheckpointEverySamples <= 0 ? "Juno:Decision:CheckpointEverySamples must be positive."
        : CheckpointInterval <= TimeSpan.Zero ? "Juno:Decision:CheckpointInterval must be positive."
        : IncidentThreshold is <= 0 or > 1 ? "Juno:Decision:IncidentThreshold must be in (0, 1]."
        : LatencySloMs <= 0 ? "Juno:Decision:LatencySloMs must be positive."
        : ErrorRateSlo is <= 0 or > 1 ? "Juno:Decision:ErrorRateSlo must be in (0, 1]."
        : NodeSaturation is <= 0 or > 1 ? "Juno:Decision:NodeSaturation must be in (0, 1]."
        : RaisedMonitoringFor <= TimeSpan.Zero ? "Juno:Decision:RaisedMonitoringFor must be positive."
        : InitialExploration is < 0 or > 1 ? "Juno:Decision:InitialExploration must be in [0, 1]."
        : PolicyReportEvery < 1 ? "Juno:Decision:PolicyReportEvery must be at least 1."
        : null;
}
