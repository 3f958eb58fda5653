namespace Juno.Evaluation.Nab;

/// <summary>Scores a detector's output over a corpus: one swept threshold per profile, then tallies at it.</summary>
public static class CorpusEvaluation
{
    public static IReadOnlyList<ProfileResult> Evaluate(IReadOnlyList<ScoredSeries> corpus, IEnumerable<NabProfile> profiles)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(profiles);
        var results = new List<ProfileResult>();
        foreach (NabProfile profile in profiles)
        {
            ThresholdChoice choice = ThresholdSweeper.Sweep(corpus, profile);
            var byFolder = new SortedDictionary<string, NabTally>(StringComparer.Ordinal);
            var total = default(NabTally);
            foreach (ScoredSeries scored in corpus)
            {
                NabTally tally = NabScorer.Score(scored, profile, choice.Threshold);
                byFolder[scored.Series.Folder] = byFolder.GetValueOrDefault(scored.Series.Folder) + tally;
                total += tally;
            }

            results.Add(new ProfileResult(profile, choice, total, byFolder));
        }

        return results;
    }
}
