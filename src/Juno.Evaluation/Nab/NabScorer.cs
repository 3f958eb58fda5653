namespace Juno.Evaluation.Nab;

/// <summary>
/// Scores a series at a fixed threshold the way NAB's scorer does: a row is a detection when its anomaly score is at
/// least the threshold; rows in the probationary period are ignored; each window earns tpWeight × the credit of its
/// earliest detection, or −fnWeight if it has none; every detection outside windows adds fpWeight × its (negative)
/// credit. A window lying wholly inside the probationary period is not scored at all, as in NAB.
/// </summary>
public static class NabScorer
{
    public static NabTally Score(ScoredSeries scored, NabProfile profile, double threshold)
    {
        ArgumentNullException.ThrowIfNull(scored);
        ArgumentNullException.ThrowIfNull(profile);
        LabelledSeries series = scored.Series;
        int[] windowOf = scored.Credits.WindowOf;
        double[] credit = scored.Credits.Credit;
        double[] scores = scored.Scores;
        int probation = series.ProbationLength;

        Span<double> best = series.Windows.Count <= 64 ? stackalloc double[series.Windows.Count] : new double[series.Windows.Count];
        best.Fill(double.NegativeInfinity);
        double falsePositiveScore = 0;
        int falsePositives = 0;
        for (int i = probation; i < series.Count; i++)
        {
            if (!(scores[i] >= threshold))
            {
                continue;
            }

            int window = windowOf[i];
            if (window < 0)
            {
                falsePositiveScore += profile.FalsePositiveWeight * credit[i];
                falsePositives++;
            }
            else if (credit[i] > best[window])
            {
                best[window] = credit[i];
            }
        }

        double windowScore = 0;
        int detected = 0;
        for (int w = 0; w < best.Length; w++)
        {
            if (best[w] > double.NegativeInfinity)
            {
                windowScore += profile.TruePositiveWeight * best[w];
                detected++;
            }
            else if (series.Windows[w].End >= probation)
            {
                windowScore -= profile.FalseNegativeWeight;
            }
        }

        return new NabTally(windowScore + falsePositiveScore, series.Windows.Count, detected, falsePositives);
    }

    public static NabTally Score(IEnumerable<ScoredSeries> corpus, NabProfile profile, double threshold)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        var total = default(NabTally);
        foreach (ScoredSeries scored in corpus)
        {
            total += Score(scored, profile, threshold);
        }

        return total;
    }
}
