using System.Globalization;
using Juno.Intelligence;

namespace Juno.Evaluation.Runner;

/// <summary>One row of the ablation: a name and the ensemble configuration that produces it.</summary>
internal sealed record Ablation(string Name, EnsembleDetectorOptions Options)
{
    private static readonly EnsembleDetectorOptions Full = EnsembleDetectorOptions.Default;

    // The part rows leave suppression and novelty out, so they read as before those existed; the last rows add them.
    private static readonly EnsembleDetectorOptions Parts = Full with { SuppressionSamples = 0, NoveltyWeight = null };

    /// <summary>From the old detector alone to the full ensemble, each row adding or removing one part.</summary>
    public static IReadOnlyList<Ablation> All { get; } =
    [
        new("baseline only (RobustSeasonalDetector)", Parts with { Forest = null, Likelihood = null, OnsetMemory = null }),
        new(
            $"before: baseline + onset ({AnomalyOnset.DefaultMemory.TotalHours:F0} h memory)",
            Parts with { Forest = null, Likelihood = null, OnsetMemory = AnomalyOnset.DefaultMemory }),
        new($"baseline + onset ({Full.OnsetMemory!.Value.TotalHours:F0} h memory, as in the ensemble)", Parts with { Forest = null, Likelihood = null }),
        new("forest only", Parts with { UseSeasonalScore = false, Likelihood = null, OnsetMemory = null }),
        new("forest + onset", Parts with { UseSeasonalScore = false, Likelihood = null }),
        new("baseline + forest", Parts with { Likelihood = null, OnsetMemory = null }),
        new("baseline + forest + onset", Parts with { Likelihood = null }),
        new("baseline + likelihood + onset", Parts with { Forest = null }),
        new("forest + likelihood + onset", Parts with { UseSeasonalScore = false }),
        new("baseline + forest + likelihood", Parts with { OnsetMemory = null }),
        new("baseline + forest + likelihood + onset (no suppression)", Parts),
        new(
            string.Create(
                CultureInfo.InvariantCulture,
                $"baseline + forest + likelihood + onset + {Full.SuppressionSamples}-sample suppression after a score ≥ {Full.SuppressionThreshold:F2}"),
            Full with { NoveltyWeight = null }),
        new("novelty only (ContextNovelty, weight 1)", Parts with { UseSeasonalScore = false, Forest = null, Likelihood = null, OnsetMemory = null, NoveltyWeight = 1 }),
        new("full ensemble without suppression", Full with { SuppressionSamples = 0 }),
        new(
            string.Create(CultureInfo.InvariantCulture, $"full ensemble (+ novelty, weight {Full.NoveltyWeight:F1}, + suppression)"),
            Full),
    ];
}
