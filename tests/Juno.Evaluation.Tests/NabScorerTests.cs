using Juno.Evaluation.Nab;

namespace Juno.Evaluation.Tests;

/// <summary>
/// One series of 100 rows (probation = ⌊0.15 × 100⌋ = 15 rows) with one window on rows 50..59 (L = 50, R = 59,
/// w = 10). s(x) = 2 / (1 + e^(5x)) − 1 is written out in each test so the expected values come from NAB's formulas,
/// not from the code under test.
/// </summary>
public sealed class NabScorerTests
{
    private const int L = 50;
    private const int R = 59;
    private const double W = 10;

    private static readonly NabProfile Standard = NabProfile.Standard;
    private static readonly LabelledSeries Series = Synthetic.Series("folder/one.csv", 100, new AnomalyWindow(L, R));

    [Fact]
    public void PerfectDetectorScoresTpPerWindowAndNormalisesTo100()
    {
        ScoredSeries scored = Synthetic.Detecting(Series, L);

        NabTally tally = NabScorer.Score(scored, Standard, threshold: 1);

        Assert.Equal(1.0, tally.Score, 12);
        Assert.Equal(new NabTally(tally.Score, 1, 1, 0), tally);
        Assert.Equal(100.0, NormalisedScore.Of(tally, Standard)!.Value, 10);
        Assert.Equal(100.0, NormalisedScore.Of(tally, NabProfile.RewardLowFalseNegativeRate)!.Value, 10);
    }

    [Fact]
    public void NullDetectorMissesEveryWindowAndNormalisesToZero()
    {
        var scored = new ScoredSeries(Series, ReferenceDetectors.Null(Series));

        ThresholdChoice choice = ThresholdSweeper.Sweep([scored], Standard);
        NabTally tally = NabScorer.Score(scored, Standard, choice.Threshold);

        // Detecting every row would earn the window but cost ~80 false positives; detecting nothing is better.
        Assert.True(choice.DetectsNothing);
        Assert.Equal(-Standard.FalseNegativeWeight, tally.Score);
        Assert.Equal(0.0, NormalisedScore.Of(tally, Standard)!.Value, 10);
        Assert.Equal(-2.0, NabScorer.Score(scored, NabProfile.RewardLowFalseNegativeRate, choice.Threshold).Score);
    }

    [Fact]
    public void EarlyDetectionScoresScaledSigmoidOfItsPosition()
    {
        // Row 52: position −(R − i + 1) / w = −(59 − 52 + 1) / 10 = −0.8; score = tp × s(−0.8) / s(−1).
        double expected = Standard.TruePositiveWeight * S(-0.8) / S(-1);

        NabTally tally = NabScorer.Score(Synthetic.Detecting(Series, 52), Standard, threshold: 1);

        Assert.Equal(expected, tally.Score, 12);
        Assert.Equal(0.9771068409226045, tally.Score, 12);
    }

    [Fact]
    public void LateDetectionScoresLessAndOnlyTheEarliestDetectionCounts()
    {
        // Row 58: position −(59 − 58 + 1) / 10 = −0.2; score = tp × s(−0.2) / s(−1) ≈ 0.468.
        double late = S(-0.2) / S(-1);
        // Rows 53, 55, 58: only row 53 counts, position −(59 − 53 + 1) / 10 = −0.7.
        double earliestOfThree = S(-0.7) / S(-1);

        Assert.Equal(late, NabScorer.Score(Synthetic.Detecting(Series, 58), Standard, 1).Score, 12);
        Assert.Equal(0.46838684390227814, late, 12);
        NabTally three = NabScorer.Score(Synthetic.Detecting(Series, 58, 55, 53), Standard, 1);
        Assert.Equal(earliestOfThree, three.Score, 12);
        Assert.Equal(1, three.DetectedWindows);
        Assert.Equal(0, three.FalsePositives);
    }

    [Fact]
    public void DetectionOnTheWindowsLastRowStillEarnsSomething()
    {
        // Row R: position −1 / w = −0.1, s(−0.1) / s(−1) > 0: better than missing the window (−fn).
        Assert.Equal(S(-0.1) / S(-1), NabScorer.Score(Synthetic.Detecting(Series, R), Standard, 1).Score, 12);
    }

    [Theory]
    [InlineData("standard", -1.11)]
    [InlineData("reward_low_FP_rate", -1.22)]
    [InlineData("reward_low_FN_rate", -2.11)]
    public void FalsePositiveBeforeTheFirstWindowCostsFpWeight(string profileName, double expected)
    {
        NabProfile profile = Profiles.Single(p => p.Name == profileName);

        // Row 20 is past probation and before the window: −fp; the window is missed: −fn.
        NabTally tally = NabScorer.Score(Synthetic.Detecting(Series, 20), profile, 1);

        Assert.Equal(expected, tally.Score, 12);
        Assert.Equal(1, tally.FalsePositives);
        Assert.Equal(0, tally.DetectedWindows);
    }

    [Fact]
    public void FalsePositiveAfterAWindowScoresSigmoidOfDistanceOverWidthMinusOne()
    {
        // Window detected at L (+tp); row 65: s(|R' − i| / (w' − 1)) × fp = s(|59 − 65| / 9) × 0.11 = s(2/3) × 0.11.
        double expected = Standard.TruePositiveWeight + (S(Math.Abs(R - 65) / (W - 1)) * Standard.FalsePositiveWeight);

        NabTally tally = NabScorer.Score(Synthetic.Detecting(Series, L, 65), Standard, 1);

        Assert.Equal(expected, tally.Score, 12);
        Assert.Equal(1 - (0.9311096086675776 * 0.11), tally.Score, 12);
    }

    [Fact]
    public void FalsePositiveMoreThanThreeWidthsAfterAWindowCostsFullFp()
    {
        // Row 95: |59 − 95| / 9 = 4 > 3, so s = −1: the detection costs −fp as if no window were near.
        NabTally tally = NabScorer.Score(Synthetic.Detecting(Series, L, 95), Standard, 1);

        Assert.Equal(1 - 0.11, tally.Score, 12);
    }

    [Fact]
    public void ProbationRowsAreIgnoredAndTheFirstScoredRowCounts()
    {
        int[] inProbation = [.. Enumerable.Range(0, 15)];

        NabTally ignored = NabScorer.Score(Synthetic.Detecting(Series, inProbation), Standard, 1);
        NabTally firstScored = NabScorer.Score(Synthetic.Detecting(Series, 15), Standard, 1);

        Assert.Equal(new NabTally(-1, 1, 0, 0), ignored);
        Assert.Equal(-1.11, firstScored.Score, 12);
        Assert.Equal(1, firstScored.FalsePositives);
    }

    [Fact]
    public void WindowInsideProbationIsNotScoredAndProbationRowsOfAWindowDontCount()
    {
        // Windows 2..5 (wholly in probation: neither credit nor −fn) and 12..21 (rows 12..14 in probation).
        LabelledSeries series = Synthetic.Series("folder/early.csv", 100, new AnomalyWindow(2, 5), new AnomalyWindow(12, 21));

        NabTally nothing = NabScorer.Score(Synthetic.Detecting(series), Standard, 1);
        NabTally early = NabScorer.Score(Synthetic.Detecting(series, 2, 12, 16), Standard, 1);

        Assert.Equal(-1.0, nothing.Score, 12);
        // Only row 16 counts: position −(21 − 16 + 1) / 10 = −0.6.
        Assert.Equal(S(-0.6) / S(-1), early.Score, 12);
        Assert.Equal(ThresholdSweeper.Sweep([Synthetic.Detecting(series, 2, 12, 16)], Standard).Score, early.Score, 12);
    }

    [Fact]
    public void RowAtExactlyTheThresholdIsADetection()
    {
        ScoredSeries scored = Synthetic.WithScores(Series, (L, 0.7));

        Assert.Equal(1.0, NabScorer.Score(scored, Standard, 0.7).Score, 12);
        Assert.Equal(-1.0, NabScorer.Score(scored, Standard, Math.BitIncrement(0.7)).Score, 12);
    }

    private static IEnumerable<NabProfile> Profiles =>
        [NabProfile.Standard, NabProfile.RewardLowFalsePositiveRate, NabProfile.RewardLowFalseNegativeRate];

    private static double S(double x) => (2 / (1 + Math.Exp(5 * x))) - 1;
}
