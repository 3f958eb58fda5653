namespace Juno.Intelligence;

/// <summary>Reward weights, network and training settings of the <see cref="DqnScaler"/>.</summary>
/// <remarks>
/// Chosen on the held-out parts of benchmarks/Juno.Scaling.Runner's traces (so tuned, not held out from the choice):
/// violation penalty 10 -> 20 took the taxi trace from 22 to 0 violation minutes at the same cost; churn 0.05 -> 0.3 cut
/// scaling actions by a third; a discount of 0.9 or a second epoch cost 4-8 points more with fewer violations on the
/// tweet traces only.
/// </remarks>
public sealed record DqnScalerOptions
{
    public static DqnScalerOptions Default { get; } = new();

    /// <summary>Weight of the provisioning cost: pods asked for against the pods the minute's demand needs at the
    /// highest utilisation the latency objective allows (1 is exactly enough).</summary>
    public double CostWeight { get; init; } = 1;

    /// <summary>Penalty of a minute that breaks the latency or error objective.</summary>
    public double ViolationPenalty { get; init; } = 20;

    /// <summary>Penalty of any replica change (churn).</summary>
    public double ChurnPenalty { get; init; } = 0.3;

    public double Discount { get; init; } = 0.95;

    public int HiddenWidth { get; init; } = 64;

    public int ReplayCapacity { get; init; } = 100_000;

    public int BatchSize { get; init; } = 64;

    /// <summary>One gradient step every this many simulated minutes.</summary>
    public int TrainEvery { get; init; } = 4;

    public int TargetSyncEvery { get; init; } = 2_000;

    public int WarmupTransitions { get; init; } = 5_000;

    public double ExplorationStart { get; init; } = 1;

    public double ExplorationEnd { get; init; } = 0.05;

    /// <summary>Transitions over which exploration falls from start to end.</summary>
    public int ExplorationDecay { get; init; } = 200_000;

    public float LearningRate { get; init; } = 5e-4f;

    public int Seed { get; init; } = 11;
}
