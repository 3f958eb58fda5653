namespace Juno.Evaluation.Nab;

/// <summary>
/// Chooses one threshold for a detector and profile over a whole corpus, as NAB's sweeper/optimizer do: every distinct
/// anomaly score of a scored (post-probation) row is a candidate, a row detects when its score is at least the
/// threshold, and the candidate with the highest corpus score S wins (the higher threshold on a tie). Starting from
/// "detect nothing" (S = −fnWeight × scorable windows), rows are applied in descending score order and S is updated
/// incrementally — a false positive adds its weighted credit, a window detection replaces the window's current value
/// when it is better — so the sweep is one sort plus one pass, O(N log N).
/// </summary>
public static class ThresholdSweeper
{
    public static ThresholdChoice Sweep(IReadOnlyList<ScoredSeries> corpus, NabProfile profile)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(profile);

        int rows = 0;
        int windows = 0;
        foreach (ScoredSeries scored in corpus)
        {
            rows += scored.Series.Count - scored.Series.ProbationLength;
            windows += scored.Series.Windows.Count;
        }

        // Sort keys are the negated scores so Array.Sort's ascending order visits the highest score first.
        var keys = new double[rows];
        var gains = new double[rows];
        var windowOf = new int[rows];
        var windowValue = new double[windows];
        double windowTotal = 0;
        int row = 0;
        int windowBase = 0;
        foreach (ScoredSeries scored in corpus)
        {
            LabelledSeries series = scored.Series;
            int probation = series.ProbationLength;
            for (int w = 0; w < series.Windows.Count; w++)
            {
                // Windows wholly inside probation are not scored, as in NAB; they stay at 0 and no row can reach them.
                bool scorable = series.Windows[w].End >= probation;
                windowValue[windowBase + w] = scorable ? -profile.FalseNegativeWeight : 0;
                windowTotal += windowValue[windowBase + w];
            }

            for (int i = probation; i < series.Count; i++, row++)
            {
                keys[row] = -scored.Scores[i];
                int window = scored.Credits.WindowOf[i];
                windowOf[row] = window < 0 ? -1 : windowBase + window;
                double weight = window < 0 ? profile.FalsePositiveWeight : profile.TruePositiveWeight;
                gains[row] = weight * scored.Credits.Credit[i];
            }

            windowBase += series.Windows.Count;
        }

        var order = new int[rows];
        for (int i = 0; i < rows; i++)
        {
            order[i] = i;
        }

        Array.Sort(keys, order);

        double falsePositiveTotal = 0;
        var best = new ThresholdChoice(double.PositiveInfinity, windowTotal, 1);
        int candidates = 1;
        for (int start = 0; start < rows;)
        {
            double key = keys[start];
            int end = start;
            for (; end < rows && keys[end] == key; end++)
            {
                int r = order[end];
                int window = windowOf[r];
                if (window < 0)
                {
                    falsePositiveTotal += gains[r];
                }
                else if (gains[r] > windowValue[window])
                {
                    windowTotal += gains[r] - windowValue[window];
                    windowValue[window] = gains[r];
                }
            }

            candidates++;
            double score = windowTotal + falsePositiveTotal;
            if (score > best.Score)
            {
                best = new ThresholdChoice(-key, score, 0);
            }

            start = end;
        }

        return best with { Candidates = candidates };
    }
}
