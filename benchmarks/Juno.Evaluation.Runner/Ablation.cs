using Juno.Intelligence;

namespace Juno.Evaluation.Runner;

/// <summary>One row of the ablation: a name and the ensemble configuration that produces it.</summary>
internal sealed record Ablation(string Name, EnsembleDetectorOptions Options)
{
    private static readonly EnsembleDetectorOptions Full = EnsembleDetectorOptions.Default;

    /// <summary>From the old detector alone to the full ensemble, each row adding or removing one part.</summary>
    public static IReadOnlyList<Ablation> All { get; } =
    [
        new("baseline only (RobustSeasonalDetector)", Full with { Forest = null, Likelihood = null, OnsetMemory = null }),
        new(
            $"before: baseline + onset ({AnomalyOnset.DefaultMemory.TotalHours:F0} h memory)",
            Full with { Forest = null, Likelihood = null, OnsetMemory = AnomalyOnset.DefaultMemory }),
        new($"baseline + onset ({Full.OnsetMemory!.Value.TotalHours:F0} h memory, as in the ensemble)", Full with { Forest = null, Likelihood = null }),
        new("forest only", Full with { UseSeasonalScore = false, Likelihood = null, OnsetMemory = null }),
        new("forest + onset", Full with { UseSeasonalScore = false, Likelihood = null }),
        new("baseline + forest", Full with { Likelihood = null, OnsetMemory = null }),
        new("baseline + forest + onset", Full with { Likelihood = null }),
        new("baseline + likelihood + onset", Full with { Forest = null }),
        new("forest + likelihood + onset", Full with { UseSeasonalScore = false }),
        new("baseline + forest + likelihood", Full with { OnsetMemory = null }),
        new("full ensemble (baseline + forest + likelihood + onset)", Full),
    ];
}
