using System.Globalization;
using Juno.Evaluation.Nab;

namespace Juno.Evaluation.Runner;

/// <summary>Writes the evaluation as markdown tables.</summary>
internal sealed class MarkdownReport(TextWriter output, NabCorpus corpus, string dataPath)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public void Write(IReadOnlyList<DetectorResult> ablation, IReadOnlyList<DetectorResult> references, DetectorResult winner)
    {
        List<IGrouping<string, LabelledSeries>> folders =
            [.. corpus.Series.GroupBy(s => s.Folder).OrderBy(g => g.Key, StringComparer.Ordinal)];
        Line("# NAB evaluation: ensemble ablation");
        Line();
        Line($"Data: `{dataPath}`: {corpus.Series.Count} series in {folders.Count} folders, {corpus.Rows:N0} rows, {corpus.Windows} windows.");
        Line("One threshold per detector and profile, swept over every distinct score of the whole corpus.");
        Line();

        Line("## Normalised NAB score, whole corpus");
        Line();
        Line($"| Detector | {string.Join(" | ", corpus.Profiles.Select(p => p.Name))} | ns/sample (first pass) | ns/sample (warm) |");
        Line($"|---|{string.Concat(corpus.Profiles.Select(_ => "---:|"))}---:|---:|");
        foreach (DetectorResult result in ablation.Concat(references))
        {
            string cost = result.Cost is { } c ? string.Create(Invariant, $"{c.FirstPassNanoseconds:F0} | {c.WarmNanoseconds:F0}") : "– | –";
            Line($"| {result.Name} | {string.Join(" | ", result.Profiles.Select(p => Format(p.Normalised)))} | {cost} |");
        }

        Line();
        NabProfile standard = corpus.Profiles[0];
        Line($"## Normalised {standard.Name} score by folder (corpus-wide thresholds)");
        Line();
        List<IGrouping<string, LabelledSeries>> scoredFolders = [.. folders.Where(f => f.Sum(s => s.Windows.Count) > 0)];
        Line($"| Detector | {string.Join(" | ", scoredFolders.Select(f => f.Key))} |");
        Line($"|---|{string.Concat(scoredFolders.Select(_ => "---:|"))}");
        foreach (DetectorResult result in ablation)
        {
            ProfileResult profile = result.Profiles[0];
            Line($"| {result.Name} | {string.Join(" | ", scoredFolders.Select(f => Format(NormalisedScore.Of(profile.ByFolder[f.Key], standard))))} |");
        }

        Line();
        Line("Folders without windows (normalisation undefined) contribute only false positives; their raw standard-profile S:");
        foreach (IGrouping<string, LabelledSeries> folder in folders.Except(scoredFolders))
        {
            Line(string.Create(Invariant, $"{folder.Key}: {string.Join(", ", ablation.Select(r => $"{r.Profiles[0].ByFolder[folder.Key].Score:F2}"))} (rows in ablation order)."));
        }

        Line();
        Line($"## {winner.Name} by folder (corpus-wide thresholds)");
        Line();
        Line($"| Folder | Series | Windows | {string.Join(" | ", corpus.Profiles.Select(p => p.Name))} |");
        Line($"|---|---:|---:|{string.Concat(corpus.Profiles.Select(_ => "---:|"))}");
        foreach (IGrouping<string, LabelledSeries> folder in folders)
        {
            IEnumerable<string> cells = winner.Profiles.Select(p =>
            {
                NabTally tally = p.ByFolder[folder.Key];
                return NormalisedScore.Of(tally, p.Profile) is { } normalised
                    ? Format(normalised)
                    : string.Create(Invariant, $"n/a (no windows; S = {tally.Score:F3})");
            });
            Line($"| {folder.Key} | {folder.Count()} | {folder.Sum(s => s.Windows.Count)} | {string.Join(" | ", cells)} |");
        }

        Line($"| **all** | {corpus.Series.Count} | {corpus.Windows} | {string.Join(" | ", winner.Profiles.Select(p => $"**{Format(p.Normalised)}**"))} |");
        Line();

        Line($"## {winner.Name}: thresholds and raw scores");
        Line();
        Line("| Profile | Threshold | S | S_null | S_perfect | Windows detected | False-positive rows | Thresholds tried |");
        Line("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (ProfileResult p in winner.Profiles)
        {
            double sNull = -p.Profile.FalseNegativeWeight * p.Total.Windows;
            double sPerfect = p.Profile.TruePositiveWeight * p.Total.Windows;
            string threshold = p.Threshold.DetectsNothing ? "none (+∞)" : p.Threshold.Threshold.ToString("G9", Invariant);
            Line(string.Create(
                Invariant,
                $"| {p.Profile.Name} | {threshold} | {p.Total.Score:F3} | {sNull:F3} | {sPerfect:F3} | {p.Total.DetectedWindows}/{p.Total.Windows} | {p.Total.FalsePositives:N0} | {p.Threshold.Candidates:N0} |"));
        }

        Line();
        Line("Cost: Stopwatch over the Update calls of the whole stream (file I/O excluded), per sample; the first pass includes JIT warm-up, warm is the fastest of 3 further passes.");
    }

    private static string Format(double? value) => value is { } v ? v.ToString("F2", Invariant) : "n/a";

    private void Line(string text = "") => output.WriteLine(text);
}
