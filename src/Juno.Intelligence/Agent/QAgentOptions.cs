namespace Juno.Intelligence;

/// <summary>Learning and exploration settings of <see cref="QAgent"/>.</summary>
public sealed record QAgentOptions
{
    /// <summary>
    /// The discount the pretrained Q-network's targets assume (<see cref="QNetworkFactory"/>), so the residual starts
    /// from a prior that is already a fixed point of the TD update it performs.
    /// </summary>
    public const double DefaultDiscount = 0.5;

    public static QAgentOptions Default { get; } = new();

    /// <summary>TD discount per decision.</summary>
    public double Discount { get; init; } = DefaultDiscount;

    /// <summary>
    /// Normalised step size: each update moves the chosen action's residual a fraction of the TD error, divided by
    /// the squared norm of the features (NLMS), which keeps learning stable whatever the state's magnitude.
    /// </summary>
    public double LearningRate { get; init; } = 0.3;

    /// <summary>TD errors are clipped to ± this before they update the residual, so one freak reward can't wreck it.</summary>
    public double TdErrorClip { get; init; } = 5;

    public double InitialEpsilon { get; init; } = 0.1;

    /// <summary>Epsilon is multiplied by this after every decision.</summary>
    public double EpsilonDecay { get; init; } = 0.995;

    public double EpsilonFloor { get; init; } = 0.01;

    /// <summary>Weight of each new reward in <see cref="QAgentState.MeanReward"/> once past the first 1/x rewards.</summary>
    public double RewardSmoothing { get; init; } = 0.01;

    internal void Validate()
    {
        RequireRange(Discount, 0, 1, inclusiveMax: false, nameof(Discount));
        RequireRange(LearningRate, 0, 2, inclusiveMax: false, nameof(LearningRate));
        RequireRange(InitialEpsilon, 0, 1, inclusiveMax: true, nameof(InitialEpsilon));
        RequireRange(EpsilonDecay, 0, 1, inclusiveMax: true, nameof(EpsilonDecay));
        RequireRange(EpsilonFloor, 0, 1, inclusiveMax: true, nameof(EpsilonFloor));
        RequireRange(RewardSmoothing, 0, 1, inclusiveMax: true, nameof(RewardSmoothing));
        if (!(TdErrorClip > 0) || !double.IsFinite(TdErrorClip))
        {
            throw new ArgumentOutOfRangeException(nameof(TdErrorClip), TdErrorClip, "Must be finite and positive.");
        }
    }

    private static void RequireRange(double value, double min, double max, bool inclusiveMax, string name)
    {
        bool ok = value >= min && (inclusiveMax ? value <= max : value < max);
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(name, value, $"Must be in [{min}, {max}{(inclusiveMax ? "]" : ")")}.");
        }
    }
}
