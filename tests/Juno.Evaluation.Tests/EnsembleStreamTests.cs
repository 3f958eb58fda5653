using Juno.Evaluation.Nab;
using Juno.Intelligence;

namespace Juno.Evaluation.Tests;

public sealed class EnsembleStreamTests(RealCorpusFixture fixture) : IClassFixture<RealCorpusFixture>
{
    [Fact]
    public void ScoresAreCausalAndEachSeriesGetsAFreshDetector()
    {
        // The same series cut short must score its rows identically (no look-ahead), and scoring it after another
        // series must not change its scores (a fresh detector per series).
        LabelledSeries full = fixture.Corpus.Series[0];
        int cutAt = full.Count / 2;
        LabelledSeries cut = new("s/cut.csv", full.TimestampsMs[..cutAt], full.Values[..cutAt], []);

        StreamedScores alone = EnsembleStream.Run([full], EnsembleDetectorOptions.Default);
        StreamedScores after = EnsembleStream.Run([cut, full], EnsembleDetectorOptions.Default);

        Assert.Equal(alone.Scores[0][..cutAt], after.Scores[0]);
        Assert.Equal(alone.Scores[0], after.Scores[1]);
    }

    [Fact]
    public void TheEnsembleScoresHigherOnNabThanTheSeasonalDetectorWithOnsetUnderEveryProfile()
    {
        // The configuration the grains ran before the ensemble: the seasonal detector and the onset stage only.
        EnsembleDetectorOptions before = EnsembleDetectorOptions.Default with
        {
            Forest = null,
            Likelihood = null,
            OnsetMemory = AnomalyOnset.DefaultMemory,
        };
        IReadOnlyList<ProfileResult> old = Evaluate(before);
        IReadOnlyList<ProfileResult> ensemble = Evaluate(EnsembleDetectorOptions.Default);

        for (int p = 0; p < old.Count; p++)
        {
            Assert.True(
                ensemble[p].Normalised > old[p].Normalised + 5,
                $"{old[p].Profile.Name}: ensemble {ensemble[p].Normalised:F2} vs seasonal + onset {old[p].Normalised:F2}");
        }
    }

    private IReadOnlyList<ProfileResult> Evaluate(EnsembleDetectorOptions options)
    {
        StreamedScores streamed = EnsembleStream.Run(fixture.Corpus.Series, options);
        List<ScoredSeries> scored = [.. fixture.Corpus.Series.Select((s, i) => new ScoredSeries(s, streamed.Scores[i]))];
        return CorpusEvaluation.Evaluate(scored, fixture.Corpus.Profiles);
    }
}
