using System.Diagnostics;
using Juno.Intelligence;

namespace Juno.Evaluation.Threats;

/// <summary>
/// Streams an <see cref="AttackSet"/> through <see cref="ThreatDetector"/> the way the grains do — one detector per
/// entity, samples in time order, each verdict given before the detector sees anything later, no labels and no
/// false-positive feedback — and scores the verdicts against the injected episodes.
/// </summary>
/// <remarks>
/// An episode is detected when at least one of its samples is alerted; time to detect is first alert minus onset
/// (0 when the onset sample itself is alerted). Its classification is the class of that first alert, which is what a
/// playbook would act on. Every alert outside an episode after the warm-up is a false alert, attributed to the class
/// the detector gave it; benign bursts and benign load surges are normal samples, also counted on their own.
/// </remarks>
public static class ThreatEvaluation
{
    /// <param name="operatorFeedback">
    /// When true, a simulated operator marks every false alert as a false positive the moment it is raised (with the
    /// sample's own signals), the way a person would from the incident view; attack alerts are left alone.
    /// </param>
    public static ThreatEvaluationResult Run(
        AttackSet set, ThreatDetectorOptions? options = null, int detectorSeed = ThreatDetector.DefaultSeed, bool operatorFeedback = false)
    {
        ArgumentNullException.ThrowIfNull(set);
        options ??= ThreatDetectorOptions.Default;
        var alerts = new List<(int Sample, ThreatClass Class)>[set.Entities.Count];
        var scores = new float[set.Entities.Count][];
        long started = Stopwatch.GetTimestamp();
        for (int e = 0; e < set.Entities.Count; e++)
        {
            EntityTrace entity = set.Entities[e];
            var detector = new ThreatDetector(options, unchecked(detectorSeed + e));
            alerts[e] = [];
            scores[e] = new float[entity.Count];
            for (int sample = 0; sample < entity.Count; sample++)
            {
                ThreatAssessment verdict = detector.Assess(set.TimestampMs(sample), entity.SignalsAt(sample), entity.Cpu[sample]);
                scores[e][sample] = (float)detector.LastScore;
                if (verdict.IsThreat)
                {
                    alerts[e].Add((sample, verdict.Class));
                    if (operatorFeedback && !entity.IsAttack(sample))
                    {
                        detector.MarkFalsePositive(entity.SignalsAt(sample), entity.Cpu[sample]);
                    }
                }
            }
        }

        TimeSpan elapsed = Stopwatch.GetElapsedTime(started);
        return Score(set, options, detectorSeed, alerts, elapsed) with
        {
            Scores = ScoreSummary.Of(set, options, scores),
            OperatorFeedback = operatorFeedback,
        };
    }

    private static ThreatEvaluationResult Score(
        AttackSet set, ThreatDetectorOptions options, int detectorSeed, List<(int Sample, ThreatClass Class)>[] alerts, TimeSpan elapsed)
    {
        var interval = set.Options.SampleInterval;
        var delays = new Dictionary<ThreatClass, List<TimeSpan>>();
        var falseAlerts = new Dictionary<ThreatClass, long>();
        var tallies = new Dictionary<ThreatClass, (int Episodes, int Detected, int Subtle, int SubtleDetected, int Correct)>();
        long normal = 0, benign = 0, benignAlerts = 0, surge = 0, surgeAlerts = 0;
        for (int e = 0; e < set.Entities.Count; e++)
        {
            EntityTrace entity = set.Entities[e];
            for (int sample = options.WarmupSamples; sample < entity.Count; sample++)
            {
                if (!entity.IsAttack(sample))
                {
                    normal++;
                    benign += entity.BenignBurst[sample] ? 1 : 0;
                    surge += entity.BenignSurge[sample] ? 1 : 0;
                }
            }

            foreach ((int sample, ThreatClass predicted) in alerts[e])
            {
                if (!entity.IsAttack(sample))
                {
                    falseAlerts[predicted] = falseAlerts.GetValueOrDefault(predicted) + 1;
                    benignAlerts += entity.BenignBurst[sample] ? 1 : 0;
                    surgeAlerts += entity.BenignSurge[sample] ? 1 : 0;
                }
            }

            if (entity.Episode is not { } episode)
            {
                continue;
            }

            var tally = tallies.GetValueOrDefault(episode.Class);
            tally.Episodes++;
            tally.Subtle += episode.IsSubtle ? 1 : 0;
            int first = alerts[e].FindIndex(a => episode.Contains(a.Sample));
            if (first >= 0)
            {
                tally.Detected++;
                tally.SubtleDetected += episode.IsSubtle ? 1 : 0;
                tally.Correct += alerts[e][first].Class == episode.Class ? 1 : 0;
                if (!delays.TryGetValue(episode.Class, out List<TimeSpan>? list))
                {
                    delays[episode.Class] = list = [];
                }

                list.Add((alerts[e][first].Sample - episode.Start) * interval);
            }

            tallies[episode.Class] = tally;
        }

        ThreatClass[] classes = [ThreatClass.Intrusion, ThreatClass.Exfiltration, ThreatClass.CryptoMining, ThreatClass.PrivilegeMisuse];
        var byClass = classes.Select(c =>
        {
            var t = tallies.GetValueOrDefault(c);
            return new ClassMetrics(
                c, t.Episodes, t.Detected, t.Subtle, t.SubtleDetected, t.Correct, falseAlerts.GetValueOrDefault(c),
                [.. delays.GetValueOrDefault(c, []).Order()]);
        }).ToList();
        var overall = new ClassMetrics(
            ThreatClass.None,
            byClass.Sum(m => m.Episodes),
            byClass.Sum(m => m.Detected),
            byClass.Sum(m => m.SubtleEpisodes),
            byClass.Sum(m => m.SubtleDetected),
            byClass.Sum(m => m.CorrectlyClassified),
            falseAlerts.Values.Sum(),
            [.. byClass.SelectMany(m => m.TimesToDetect).Order()]);
        return new ThreatEvaluationResult(
            detectorSeed, options, byClass, overall, normal, benign, benignAlerts, set.Options.SamplesPerDay, set.Samples, elapsed)
        {
            BenignSurgeSamples = surge,
            BenignSurgeAlerts = surgeAlerts,
        };
    }
}
