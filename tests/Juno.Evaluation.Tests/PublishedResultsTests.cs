using Juno.Evaluation.Nab;

namespace Juno.Evaluation.Tests;

public sealed class PublishedResultsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("juno-published-").FullName;

    [Fact]
    public void ReadsTheScoreColumnOfEachSeriesInCorpusOrder()
    {
        LabelledSeries a = Synthetic.Series("realX/a.csv", 3);
        LabelledSeries b = Synthetic.Series("realY/b.csv", 2);
        Write("det", a, "0.0", "0.25", "1.0");
        Write("det", b, "0.5", "0.75");

        double[][] scores = PublishedResults.Load(_root, "det", [a, b]);

        Assert.Equal([0.0, 0.25, 1.0], scores[0]);
        Assert.Equal([0.5, 0.75], scores[1]);
    }

    [Fact]
    public void RowsThatDoNotLineUpAreRefused()
    {
        LabelledSeries a = Synthetic.Series("realX/a.csv", 3);
        Write("short", a, "0.1", "0.2");
        Write("long", a, "0.1", "0.2", "0.3", "0.4");
        string shifted = Path.Combine(_root, "shifted", "realX", "shifted_a.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(shifted)!);
        File.WriteAllLines(shifted, ["timestamp,value,anomaly_score", "2001-01-01 00:00:00,1,0.5", "2001-01-01 00:05:00,1,0.5", "2001-01-01 00:10:00,1,0.5"]);

        Assert.Throws<InvalidDataException>(() => PublishedResults.Load(_root, "short", [a]));
        Assert.Throws<InvalidDataException>(() => PublishedResults.Load(_root, "long", [a]));
        Assert.Throws<InvalidDataException>(() => PublishedResults.Load(_root, "shifted", [a]));
        Assert.Throws<FileNotFoundException>(() => PublishedResults.Load(_root, "absent", [a]));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    // A results file as NAB writes it: timestamp, value, anomaly_score and more columns.
    private void Write(string detector, LabelledSeries series, params string[] scores)
    {
        string path = Path.Combine(_root, detector, series.Folder, $"{detector}_{Path.GetFileName(series.Name)}");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        IEnumerable<string> rows = scores.Select((score, i) =>
        {
            string timestamp = DateTimeOffset.FromUnixTimeMilliseconds(Synthetic.Start + (i * Synthetic.Step)).ToString("yyyy-MM-dd HH:mm:ss");
            return $"{timestamp},0,{score},0";
        });
        File.WriteAllLines(path, ["timestamp,value,anomaly_score,label", .. rows]);
    }
}
