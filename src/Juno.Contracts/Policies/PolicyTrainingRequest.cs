namespace Juno.Contracts.Policies;

/// <summary>Trains a new DQN replica policy on the first <paramref name="TrainShare"/> of each series (pooled) by
/// playing them through the trace simulator. The new version starts retired: give it a role once it is evaluated.</summary>
[GenerateSerializer, Immutable]
[Alias("juno.PolicyTrainingRequest")]
public sealed record PolicyTrainingRequest(
    [property: Id(0)] DemandSeries[] Traces,
    [property: Id(1)] double TrainShare,
    [property: Id(2)] int Epochs,
    [property: Id(3)] int Seed,
    [property: Id(4)] double PeakRequestRate,
    [property: Id(5)] string Actor,
    [property: Id(6)] string Description)
{
    public const int MaxTraces = 20;

    /// <summary>Simulated minutes one training may play (all traces, all epochs): about three minutes of one core at the
    /// 82 µs per minute the scaling runner measures.</summary>
    public const long MaxTrainingMinutes = 2_000_000;

    public string? Problem()
    {
        if (string.IsNullOrWhiteSpace(Actor))
        {
            return "actor is required";
        }

        if (!(TrainShare is >= 0.1 and <= 1))
        {
            return "trainShare must be in [0.1, 1]";
        }

        if (Epochs is < 1 or > 10)
        {
            return "epochs must be between 1 and 10";
        }

        if (!(PeakRequestRate is > 0 and <= 1e6))
        {
            return "peakRequestRate must be in (0, 1e6]";
        }

        if (DemandSeries.ProblemWithAll(Traces, MaxTraces, out var spans) is { } problem)
        {
            return problem;
        }

        var minutes = spans.Sum(m => (long)(m * TrainShare)) * Epochs;
        return minutes > MaxTrainingMinutes
            ? $"{minutes:N0} training minutes asked for (traces x trainShare x epochs); at most {MaxTrainingMinutes:N0}"
            : null;
    }
}
