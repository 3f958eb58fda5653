using System.Globalization;

namespace Juno.Evaluation.Nab;

/// <summary>
/// Reads the per-row anomaly scores another detector published in NAB's own repository
/// (<c>results/&lt;detector&gt;/&lt;folder&gt;/&lt;detector&gt;_&lt;series&gt;.csv</c>), so the leaderboard's detectors can be
/// scored by our scorer on exactly the series of our corpus, with thresholds swept over that corpus.
/// </summary>
/// <remarks>
/// The published figures (ARTime 74.85, HTM 70.1, ...) are over NAB's 58 series; our corpus holds 47 of them, so a
/// like-for-like comparison needs those detectors' scores on the same 47, re-swept. The files are read from a NAB
/// checkout the caller names; nothing of them is kept in this repository.
/// </remarks>
public static class PublishedResults
{
    /// <summary>The anomaly scores of <paramref name="detector"/> for every series of the corpus, in corpus order.</summary>
    /// <exception cref="FileNotFoundException">A series has no results file for that detector.</exception>
    /// <exception cref="InvalidDataException">A file's rows don't line up with the series' rows.</exception>
    public static double[][] Load(string resultsRoot, string detector, IReadOnlyList<LabelledSeries> series)
    {
        ArgumentException.ThrowIfNullOrEmpty(resultsRoot);
        ArgumentException.ThrowIfNullOrEmpty(detector);
        ArgumentNullException.ThrowIfNull(series);
        var scores = new double[series.Count][];
        for (int s = 0; s < series.Count; s++)
        {
            LabelledSeries one = series[s];
            string file = Path.Combine(resultsRoot, detector, one.Folder, $"{detector}_{Path.GetFileName(one.Name)}");
            scores[s] = ReadScores(file, one);
        }

        return scores;
    }

    private static double[] ReadScores(string path, LabelledSeries series)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No published results for {series.Name}.", path);
        }

        using var reader = new StreamReader(path);
        string[] header = (reader.ReadLine() ?? string.Empty).Split(',');
        int timestampColumn = Array.IndexOf(header, "timestamp");
        int scoreColumn = Array.IndexOf(header, "anomaly_score");
        if (timestampColumn < 0 || scoreColumn < 0)
        {
            throw new InvalidDataException($"{path}: no timestamp or anomaly_score column.");
        }

        var scores = new double[series.Count];
        int row = 0;
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            string[] cells = line.Split(',');
            if (row >= series.Count
                || !NabTimestamp.TryParse(cells[timestampColumn], out long timestamp)
                || timestamp != series.TimestampsMs[row]
                || !double.TryParse(cells[scoreColumn], NumberStyles.Float, CultureInfo.InvariantCulture, out double score))
            {
                throw new InvalidDataException($"{path}: row {row + 1} does not match {series.Name} or has no score.");
            }

            scores[row++] = score;
        }

        if (row != series.Count)
        {
            throw new InvalidDataException($"{path}: {row} rows for {series.Count} in {series.Name}.");
        }

        return scores;
    }
}
