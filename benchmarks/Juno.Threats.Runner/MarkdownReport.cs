using System.Globalization;
using Juno.Evaluation.Threats;
using Juno.Intelligence;

namespace Juno.Threats.Runner;

/// <summary>Writes the threat evaluation as a markdown table.</summary>
internal sealed class MarkdownReport(TextWriter output)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public void Write(AttackSet set, ThreatEvaluationResult result, TimeSpan firstPass)
    {
        AttackSetOptions o = set.Options;
        ThreatDetectorOptions d = result.Options;
        Line("# Threat detection on a generated attack set");
        Line();
        Line(string.Create(
            Invariant,
            $"Data: AttackSetGenerator seed {o.Seed}: {o.Entities} entities × {o.Days} days at {o.SampleInterval.TotalMinutes:F0}-minute samples ({set.Samples:N0} samples), {result.Overall.Episodes} attack episodes from day {o.QuietDays}, {result.BenignBurstSamples:N0} benign-burst samples (deploys, backups), {result.BenignSurgeSamples:N0} benign-surge samples (all volumes ×1.5–4)."));
        Line(string.Create(
            Invariant,
            $"Detector: ThreatDetector seed {result.DetectorSeed} + entity index; {d.TreeCount} trees, ψ = {d.SubsampleSize}, baseline {d.BaselineCapacity}, warm-up {d.WarmupSamples} samples, regrowth every {d.RebuildInterval}, threshold {d.Threshold}."));
        Line("Normal samples: after warm-up, outside attack episodes. No false-positive feedback is given during the run.");
        Line();
        Line("## Without feedback");
        Line();
        Header();
        foreach (ClassMetrics m in result.ByClass)
        {
            Row(m.Class.ToString(), m, result);
        }

        long unclassified = result.Overall.FalseAlerts - result.ByClass.Sum(m => m.FalseAlerts);
        Line(string.Create(
            Invariant,
            $"| (unclassified alerts) | | | | | | | {unclassified:N0} | {(double)unclassified / result.NormalSamples:P3} | {unclassified / ((double)result.NormalSamples / result.SamplesPerDay):F3} |"));
        Row("**overall**", result.Overall, result);
        Line();
        Line(string.Create(
            Invariant,
            $"Benign bursts alerted: {result.BenignBurstAlerts:N0} of {result.BenignBurstSamples:N0} samples. Benign surge samples alerted: {result.BenignSurgeAlerts:N0} of {result.BenignSurgeSamples:N0}. TTD = first alert − onset (0 when the onset sample is alerted); classification = class of the first alert in the episode."));
        if (result.Scores is { } scores)
        {
            Line();
            Line($"| Score quantile | {string.Join(" | ", scores.Quantiles.Select(q => q.ToString("0.####", Invariant)))} |");
            Line($"|---|{string.Concat(scores.Quantiles.Select(_ => "---:|"))}");
            Line($"| normal samples | {Scores(scores.Normal)} |");
            Line($"| benign-burst samples | {Scores(scores.BenignBurst)} |");
            Line($"| episode peak (lower quantiles = harder episodes) | {Scores(scores.EpisodePeak)} |");
            Line();
        }

        Line(string.Create(
            Invariant,
            $"Detector cost (Stopwatch over the Assess calls, data generated beforehand, warm-up and forest regrowth included): {result.NanosecondsPerSample:F0} ns/sample on the second pass ({result.Elapsed.TotalSeconds:F2} s); first pass, JIT included, {firstPass.TotalNanoseconds / result.Samples:F0} ns/sample."));
    }

    /// <summary>The same table for a run in which an operator marked every false alert as a false positive.</summary>
    public void WriteFeedback(ThreatEvaluationResult result)
    {
        Line();
        Line("## With operator feedback");
        Line();
        Line("Same data and detectors; every false alert is marked with MarkFalsePositive as soon as it is raised.");
        Line();
        Header();
        foreach (ClassMetrics m in result.ByClass)
        {
            Row(m.Class.ToString(), m, result);
        }

        Row("**overall**", result.Overall, result);
        Line();
        Line(string.Create(Invariant, $"Benign bursts alerted: {result.BenignBurstAlerts:N0} of {result.BenignBurstSamples:N0} samples. Benign surge samples alerted: {result.BenignSurgeAlerts:N0} of {result.BenignSurgeSamples:N0}."));
    }

    private void Header()
    {
        Line("| Class | Episodes | Detected (TPR) | Subtle detected | Median TTD | p90 TTD | Classified right | False alerts | FP / normal sample | FP / entity-day |");
        Line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    }

    private void Row(string label, ClassMetrics m, ThreatEvaluationResult result) => Line(string.Create(
        Invariant,
        $"| {label} | {m.Episodes} | {m.Detected} ({m.TruePositiveRate:P0}) | {m.SubtleDetected}/{m.SubtleEpisodes} | {Minutes(m.MedianTimeToDetect)} | {Minutes(m.P90TimeToDetect)} | {m.CorrectlyClassified}/{m.Detected} ({m.ClassificationAccuracy:P0}) | {m.FalseAlerts:N0} | {result.FalsePositiveRateOf(m):P3} | {result.FalseAlertsPerEntityDayOf(m):F3} |"));

    private static string Scores(IReadOnlyList<double> values) => string.Join(" | ", values.Select(v => v.ToString("F3", Invariant)));

    private static string Minutes(TimeSpan? value) =>
        value is { } v ? string.Create(Invariant, $"{v.TotalMinutes:F0} min") : "n/a";

    private void Line(string text = "") => output.WriteLine(text);
}
