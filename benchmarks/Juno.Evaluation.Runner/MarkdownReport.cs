using System.Globalization;
using Juno.Evaluation.Nab;

namespace Juno.Evaluation.Runner;

/// <summary>Writes the evaluation as markdown tables.</summary>
internal sealed class MarkdownReport(TextWriter output, NabCorpus corpus, string dataPath)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public void Write(DetectorResult detector, IReadOnlyList<DetectorResult> references, StreamedScores streamed, StreamedScores warm)
    {
        int folders = corpus.Series.Select(s => s.Folder).Distinct().Count();
        Line($"# NAB evaluation: {detector.Name}");
        Line();
        Line($"Data: `{dataPath}`: {corpus.Series.Count} series in {folders} folders, {corpus.Rows:N0} rows, {corpus.Windows} windows.");
        Line("One threshold per detector and profile, swept over every distinct score of the whole corpus.");
        Line();

        Line("## Normalised NAB score, whole corpus");
        Line();
        Line($"| Detector | {string.Join(" | ", corpus.Profiles.Select(p => p.Name))} |");
        Line($"|---|{string.Concat(corpus.Profiles.Select(_ => "---:|"))}");
        foreach (DetectorResult result in references.Prepend(detector))
        {
            Line($"| {result.Name} | {string.Join(" | ", result.Profiles.Select(p => Format(p.Normalised)))} |");
        }

        Line();
        Line($"## {detector.Name} by folder (corpus-wide thresholds)");
        Line();
        Line($"| Folder | Series | Windows | {string.Join(" | ", corpus.Profiles.Select(p => p.Name))} |");
        Line($"|---|---:|---:|{string.Concat(corpus.Profiles.Select(_ => "---:|"))}");
        foreach (IGrouping<string, LabelledSeries> folder in corpus.Series.GroupBy(s => s.Folder).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            IEnumerable<string> cells = detector.Profiles.Select(p =>
            {
                NabTally tally = p.ByFolder[folder.Key];
                return NormalisedScore.Of(tally, p.Profile) is { } normalised
                    ? Format(normalised)
                    : string.Create(Invariant, $"n/a (no windows; S = {tally.Score:F3})");
            });
            Line($"| {folder.Key} | {folder.Count()} | {folder.Sum(s => s.Windows.Count)} | {string.Join(" | ", cells)} |");
        }

        Line($"| **all** | {corpus.Series.Count} | {corpus.Windows} | {string.Join(" | ", detector.Profiles.Select(p => $"**{Format(p.Normalised)}**"))} |");
        Line();

        Line($"## {detector.Name}: thresholds and raw scores");
        Line();
        Line("| Profile | Threshold | S | S_null | S_perfect | Windows detected | False-positive rows | Thresholds tried |");
        Line("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (ProfileResult p in detector.Profiles)
        {
            double sNull = -p.Profile.FalseNegativeWeight * p.Total.Windows;
            double sPerfect = p.Profile.TruePositiveWeight * p.Total.Windows;
            string threshold = p.Threshold.DetectsNothing ? "none (+∞)" : p.Threshold.Threshold.ToString("G9", Invariant);
            Line(string.Create(
                Invariant,
                $"| {p.Profile.Name} | {threshold} | {p.Total.Score:F3} | {sNull:F3} | {sPerfect:F3} | {p.Total.DetectedWindows}/{p.Total.Windows} | {p.Total.FalsePositives:N0} | {p.Threshold.Candidates:N0} |"));
        }

        Line();
        Line(string.Create(
            Invariant,
            $"Detector cost (Stopwatch over the Update calls of the whole stream, {streamed.Samples:N0} samples, file I/O excluded): first pass {streamed.NanosecondsPerSample:F1} ns/sample ({streamed.Elapsed.TotalMilliseconds:F1} ms, JIT warm-up included); fastest of 10 further passes {warm.NanosecondsPerSample:F1} ns/sample ({warm.Elapsed.TotalMilliseconds:F1} ms)."));
    }

    private static string Format(double? value) => value is { } v ? v.ToString("F2", Invariant) : "n/a";

    private void Line(string text = "") => output.WriteLine(text);
}
