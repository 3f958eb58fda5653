namespace Juno.Contracts.Policies;

/// <summary>Scores versions beside the HPA rule and forecast-driven provisioning on the part of each series after
/// <paramref name="ScoreFrom"/> (the part before is every policy's warm-up), in the trace simulator, same seed for all.</summary>
[GenerateSerializer, Immutable]
[Alias("juno.PolicyEvaluationRequest")]
public sealed record PolicyEvaluationRequest(
    [property: Id(0)] string[] Versions,
    [property: Id(1)] DemandSeries[] Traces,
    [property: Id(2)] double ScoreFrom,
    [property: Id(3)] double PeakRequestRate)
{
    public const int MaxVersions = 5;

    /// <summary>Simulated minutes one evaluation may play per policy.</summary>
    public const long MaxMinutes = 2_000_000;

    public string? Problem()
    {
        if (Versions is not { Length: > 0 and <= MaxVersions } || Versions.Any(string.IsNullOrWhiteSpace))
        {
            return $"give 1-{MaxVersions} versions";
        }

        if (!(ScoreFrom is >= 0 and < 0.95))
        {
            return "scoreFrom must be in [0, 0.95)";
        }

        if (!(PeakRequestRate is > 0 and <= 1e6))
        {
            return "peakRequestRate must be in (0, 1e6]";
        }

        if (DemandSeries.ProblemWithAll(Traces, PolicyTrainingRequest.MaxTraces, out var spans) is { } problem)
        {
            return problem;
        }

        return spans.Sum() > MaxMinutes ? $"the traces span {spans.Sum():N0} minutes; at most {MaxMinutes:N0} per evaluation" : null;
    }
}

/// <summary>The table an evaluation prints: one row per trace and policy.</summary>
[GenerateSerializer, Immutable]
[Alias("juno.PolicyEvaluation")]
public sealed record PolicyEvaluation(
    [property: Id(0)] DateTimeOffset EvaluatedAt,
    [property: Id(1)] PolicyEvaluationRow[] Rows,
    [property: Id(2)] string Basis);

/// <param name="CostVsHpa">Relative cost against the HPA row of the same trace (-0.1 = 10% cheaper).</param>
[GenerateSerializer, Immutable]
[Alias("juno.PolicyEvaluationRow")]
public sealed record PolicyEvaluationRow(
    [property: Id(0)] string Trace,
    [property: Id(1)] string Policy,
    [property: Id(2)] double ScoredDays,
    [property: Id(3)] double Cost,
    [property: Id(4)] double CostVsHpa,
    [property: Id(5)] int ViolationMinutes,
    [property: Id(6)] int ScalingActions,
    [property: Id(7)] double MeanReplicas,
    [property: Id(8)] double FailedRequestShare);
