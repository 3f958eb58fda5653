using Juno.Evaluation.Nab;
using Juno.Intelligence;

namespace Juno.Evaluation.Tests;

public sealed class RobustSeasonalStreamTests
{
    [Fact]
    public void ScoresAreCausalAndEachSeriesGetsAFreshDetector()
    {
        // A daily sine with a spike at row 700; the same series cut at row 710 must score its rows identically (no
        // look-ahead), and scoring it after another series must not change its scores (fresh detector per series).
        LabelledSeries full = Sine("s/full.csv", 1000, spikeAt: 700);
        LabelledSeries cut = new("s/cut.csv", full.TimestampsMs[..710], full.Values[..710], []);

        StreamedScores alone = RobustSeasonalStream.Run([full]);
        StreamedScores after = RobustSeasonalStream.Run([cut, full]);

        Assert.Equal(alone.Scores[0][..710], after.Scores[0]);
        Assert.Equal(alone.Scores[0], after.Scores[1]);
        Assert.Equal(1710, after.Samples);
        Assert.True(alone.Scores[0][700] > 0.9, $"spike scored {alone.Scores[0][700]}");

        var reference = new RobustSeasonalDetector();
        double[] expected = [.. full.TimestampsMs.Select((t, i) => reference.Update(t, full.Values[i]))];
        Assert.Equal(expected, alone.Scores[0]);
    }

    private static LabelledSeries Sine(string name, int rows, int spikeAt)
    {
        LabelledSeries template = Synthetic.Series(name, rows);
        double[] values = new double[rows];
        for (int i = 0; i < rows; i++)
        {
            double day = (template.TimestampsMs[i] % 86_400_000) / 86_400_000.0;
            values[i] = 100 + (20 * Math.Sin(2 * Math.PI * day)) + ((i * 7919 % 13) - 6);
        }

        values[spikeAt] += 200;
        return new LabelledSeries(name, template.TimestampsMs, values, []);
    }
}
