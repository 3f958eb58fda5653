namespace Juno.Evaluation.Nab;

/// <summary>
/// A NAB scoring profile (its cost matrix): the weight of a detected window, of a false-positive detection, and the
/// cost of a missed window. NAB's tnWeight is never used by the scorer and isn't kept.
/// </summary>
public sealed record NabProfile(string Name, double TruePositiveWeight, double FalsePositiveWeight, double FalseNegativeWeight)
{
    public static NabProfile Standard { get; } = new("standard", 1.0, 0.11, 1.0);

    public static NabProfile RewardLowFalsePositiveRate { get; } = new("reward_low_FP_rate", 1.0, 0.22, 1.0);

    public static NabProfile RewardLowFalseNegativeRate { get; } = new("reward_low_FN_rate", 1.0, 0.11, 2.0);
}
