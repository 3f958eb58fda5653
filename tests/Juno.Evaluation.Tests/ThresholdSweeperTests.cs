using Juno.Evaluation.Nab;

namespace Juno.Evaluation.Tests;

public sealed class ThresholdSweeperTests
{
    private static readonly NabProfile[] Profiles =
        [NabProfile.Standard, NabProfile.RewardLowFalsePositiveRate, NabProfile.RewardLowFalseNegativeRate];

    /// <summary>
    /// Two series of 100 rows (probation 15). A: window 50..59, scores 0.9 at row 52 (early TP), 0.5 at row 55 (a
    /// second TP in the same window), 0.6 at row 20 (FP before the window), 0.3 at row 90 (FP four widths after the
    /// window). B: window 40..49, scores 0.6 at row 40 (TP at the window start), 0.3 at row 60 (FP after the window).
    /// Standard profile by hand:
    /// +∞: nothing detected, −1 − 1 = −2;
    /// 0.9: A's window at row 52 (s(−0.8)/s(−1) ≈ 0.9771), B missed (−1): ≈ −0.0229;
    /// 0.6: + B's window at its first row (+1) + A's FP before the window (−0.11): ≈ 1.8671;
    /// 0.5: + row 55, in a window already detected earlier: unchanged, ≈ 1.8671 (a tie: the higher threshold wins);
    /// 0.3: + A's row 90 (−0.11) + B's row 60 (0.11 × s(11/9) ≈ −0.1095): ≈ 1.6476.
    /// </summary>
    [Fact]
    public void PicksTheBestThresholdOfATinyCorpusAndTheHigherOneOnATie()
    {
        ScoredSeries a = Synthetic.WithScores(
            Synthetic.Series("x/a.csv", 100, new AnomalyWindow(50, 59)), (52, 0.9), (55, 0.5), (20, 0.6), (90, 0.3));
        ScoredSeries b = Synthetic.WithScores(
            Synthetic.Series("x/b.csv", 100, new AnomalyWindow(40, 49)), (40, 0.6), (60, 0.3));
        double early = S(-0.8) / S(-1);

        ThresholdChoice choice = ThresholdSweeper.Sweep([a, b], NabProfile.Standard);

        Assert.Equal(0.6, choice.Threshold);
        Assert.Equal(early + 1 - 0.11, choice.Score, 12);
        // Candidates: +∞ and the distinct scored values 0.9, 0.6, 0.5, 0.3, 0.
        Assert.Equal(6, choice.Candidates);
        Assert.Equal(-0.0229, NabScorer.Score([a, b], NabProfile.Standard, 0.9).Score, 4);
        Assert.Equal(choice.Score, NabScorer.Score([a, b], NabProfile.Standard, 0.5).Score, 12);
        Assert.Equal(early + 1 - 0.11 - 0.11 + (0.11 * S(11.0 / 9)), NabScorer.Score([a, b], NabProfile.Standard, 0.3).Score, 12);
    }

    [Fact]
    public void WhenFalsePositivesCostMoreTheSweepBacksOff()
    {
        // One window detected at its start with score 0.8 and, at 0.7, one more window plus 12 FPs before any window.
        // Standard: 0.7 gives 1 + 1 − 12 × 0.11 = 0.68, better than 0.8 (1 − 1 = 0) → 0.7.
        // reward_low_FP_rate: 0.7 gives 2 − 12 × 0.22 = −0.64 < 0 → 0.8.
        LabelledSeries series = Synthetic.Series("x/c.csv", 200, new AnomalyWindow(100, 109), new AnomalyWindow(150, 159));
        var scores = new (int, double)[14];
        scores[0] = (100, 0.8);
        scores[1] = (150, 0.7);
        for (int i = 0; i < 12; i++)
        {
            scores[2 + i] = (40 + i, 0.7);
        }

        ScoredSeries scored = Synthetic.WithScores(series, scores);

        Assert.Equal(0.7, ThresholdSweeper.Sweep([scored], NabProfile.Standard).Threshold);
        Assert.Equal(2 - (12 * 0.11), ThresholdSweeper.Sweep([scored], NabProfile.Standard).Score, 12);
        Assert.Equal(0.8, ThresholdSweeper.Sweep([scored], NabProfile.RewardLowFalsePositiveRate).Threshold);
        Assert.Equal(0.0, ThresholdSweeper.Sweep([scored], NabProfile.RewardLowFalsePositiveRate).Score, 12);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void MatchesScoringEveryDistinctThresholdOneByOne(int seed)
    {
        // Random corpora with many tied scores (two decimals): the incremental sweep must agree with the O(N²)
        // definition — score the corpus at every distinct value and keep the best, the highest threshold on a tie.
        var random = new Random(seed);
        var corpus = new List<ScoredSeries>();
        for (int s = 0; s < 3; s++)
        {
            int rows = random.Next(60, 300);
            var windows = new List<AnomalyWindow>();
            for (int start = random.Next(5, 60); start + 12 < rows; start += random.Next(25, 90))
            {
                windows.Add(new AnomalyWindow(start, start + random.Next(1, 12)));
            }

            LabelledSeries series = Synthetic.Series($"r/{s}.csv", rows, [.. windows]);
            double[] scores = [.. Enumerable.Range(0, rows).Select(_ => Math.Round(Math.Pow(random.NextDouble(), 3), 2))];
            corpus.Add(new ScoredSeries(series, scores));
        }

        foreach (NabProfile profile in Profiles)
        {
            double[] thresholds =
            [
                double.PositiveInfinity,
                .. corpus.SelectMany(c => c.Scores.Skip(c.Series.ProbationLength)).Distinct().OrderDescending(),
            ];
            double bestThreshold = thresholds[0];
            double bestScore = double.NegativeInfinity;
            foreach (double threshold in thresholds)
            {
                double score = NabScorer.Score(corpus, profile, threshold).Score;
                if (score > bestScore + 1e-9)
                {
                    (bestThreshold, bestScore) = (threshold, score);
                }
            }

            ThresholdChoice choice = ThresholdSweeper.Sweep(corpus, profile);

            Assert.Equal(bestThreshold, choice.Threshold);
            Assert.Equal(bestScore, choice.Score, 9);
            Assert.Equal(thresholds.Length, choice.Candidates);
        }
    }

    private static double S(double x) => (2 / (1 + Math.Exp(5 * x))) - 1;
}
