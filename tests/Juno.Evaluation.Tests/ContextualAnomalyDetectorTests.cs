using Juno.Evaluation.Nab;
using Juno.Evaluation.Reference;

namespace Juno.Evaluation.Tests;

public sealed class ContextualAnomalyDetectorTests(RealCorpusFixture fixture) : IClassFixture<RealCorpusFixture>
{
    private static readonly ContextualDetectorOptions NoRest = ContextualDetectorOptions.Default with { RestSamples = 0, Range = (0, 7) };

    [Fact]
    public void AConstantSeriesScoresWhatTheContextsGive()
    {
        // Row 1: nothing before it, nothing predicted, nothing new: (1 - 0 + 0) / 2. Row 2: its whole step is the only
        // candidate and it is new: (1 - 0 + 1) / 2. Row 3: the one context predicted it and came true: 0. Row 4: the
        // active context joins the facts, so the step is new once more while every prediction held: (1 - 1 + 1) / 2.
        // So it goes, a new context learned and then confirmed every other row, until MaxActiveContexts are active and
        // the facts stop changing: from then on every prediction holds and nothing is new.
        var detector = new ContextualAnomalyDetector(NoRest);
        double[] scores = [.. Enumerable.Range(0, 80).Select(_ => detector.Update(3))];

        int settled = 2 + (2 * NoRest.MaxActiveContexts);
        double[] expected = [0.5, 1, .. Enumerable.Range(2, settled - 2).Select(row => row % 2 == 0 ? 0 : 0.5), .. new double[80 - settled]];
        Assert.Equal(expected, scores);
        Assert.Equal(NoRest.MaxActiveContexts + 1, detector.Contexts);
    }

    [Fact]
    public void ALearnedCycleScoresZeroAndAnUnseenLevelScoresHigh()
    {
        var detector = new ContextualAnomalyDetector(NoRest);
        double[] cycle = [0, 2, 5, 7, 5, 2];
        for (int i = 0; i < 600; i++)
        {
            detector.Update(cycle[i % cycle.Length]);
        }

        // The cycle's active contexts keep rotating, so a few of its predictions fail on every lap (measured: at most
        // 2 of 17); a level it never visits fails all of them and is new.
        double[] familiar = [.. Enumerable.Range(600, 60).Select(i => detector.Update(cycle[i % cycle.Length]))];
        Assert.All(familiar, score => Assert.True(score < 0.15, $"familiar cycle scored {score}"));
        Assert.Equal(1, detector.Update(3.5));
    }

    [Fact]
    public void AnAlarmIsFollowedByTheRest()
    {
        var detector = new ContextualAnomalyDetector(NoRest with { RestSamples = 5 });
        for (int i = 0; i < 300; i++)
        {
            detector.Update(i % 2 == 0 ? 1 : 6);
        }

        Assert.True(detector.Update(50) >= NoRest.AlarmThreshold, "a value far above the range alarms");
        double[] after = [.. Enumerable.Range(0, 5).Select(_ => detector.Update(50))];
        Assert.All(after, score => Assert.Equal(0, score));
    }

    [Fact]
    public void WithoutARangeTheFirstRowsOnlyTeachItAndItStaysCausal()
    {
        LabelledSeries full = fixture.Corpus.Series.First(s => s.Count > 2000);
        var options = ContextualDetectorOptions.Default;
        int cutAt = options.RangeWarmUpSamples + 700;
        LabelledSeries cut = new("s/cut.csv", full.TimestampsMs[..cutAt], full.Values[..cutAt], []);

        StreamedScores alone = ContextualStream.Run([full], _ => options);
        StreamedScores after = ContextualStream.Run([cut, full], _ => options);

        Assert.All(alone.Scores[0][..options.RangeWarmUpSamples], score => Assert.Equal(0, score));
        Assert.Contains(alone.Scores[0][options.RangeWarmUpSamples..], score => score > 0);
        Assert.Equal(alone.Scores[0][..cutAt], after.Scores[0]);
        Assert.Equal(alone.Scores[0], after.Scores[1]);
    }

    [Fact]
    public void NonFiniteValuesAreRefused()
    {
        var detector = new ContextualAnomalyDetector(NoRest);
        Assert.Throws<ArgumentOutOfRangeException>(() => detector.Update(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => detector.Update(double.PositiveInfinity));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ContextualAnomalyDetector(NoRest with { Range = (2, 1) }));
    }

    [Fact]
    public void ToldTheWholeFileRangeItReproducesThePublishedCadOseResult()
    {
        // NAB's own CAD OSE result files score 76.60 standard on this corpus (README); the reimplementation, given the
        // same look-ahead, must land within a point of it (it measured 76.44: tie-breaks between equally used contexts
        // differ from the reference's hash order).
        StreamedScores streamed = ContextualStream.Run(
            fixture.Corpus.Series, s => ContextualStream.WithWholeFileRange(ContextualDetectorOptions.Default, s));
        List<ScoredSeries> scored = [.. fixture.Corpus.Series.Select((s, i) => new ScoredSeries(s, streamed.Scores[i]))];
        ProfileResult standard = CorpusEvaluation.Evaluate(scored, [fixture.Corpus.Profile("standard")])[0];

        Assert.NotNull(standard.Normalised);
        Assert.InRange(standard.Normalised.Value, 75.6, 77.6);
    }
}
