namespace Juno.Evaluation.Nab;

/// <summary>A series together with a detector's anomaly score for each of its rows.</summary>
public sealed class ScoredSeries
{
    public ScoredSeries(LabelledSeries series, double[] scores)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.Length != series.Count)
        {
            throw new ArgumentException($"{series.Name}: {scores.Length} scores for {series.Count} rows.", nameof(scores));
        }

        for (int i = 0; i < scores.Length; i++)
        {
            if (double.IsNaN(scores[i]))
            {
                throw new ArgumentException($"{series.Name}: the score of row {i} is NaN.", nameof(scores));
            }
        }

        Series = series;
        Scores = scores;
        Credits = RowCredits.For(series);
    }

    public LabelledSeries Series { get; }

    public double[] Scores { get; }

    public RowCredits Credits { get; }
}
