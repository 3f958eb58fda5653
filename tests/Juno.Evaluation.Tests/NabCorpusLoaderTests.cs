using Juno.Evaluation.Nab;

namespace Juno.Evaluation.Tests;

public sealed class NabCorpusLoaderTests(RealCorpusFixture fixture) : IClassFixture<RealCorpusFixture>, IDisposable
{
    private readonly NabCorpus _corpus = fixture.Corpus;
    private readonly List<string> _temporaryRoots = [];

    [Fact]
    public void LoadsAll47SeriesWithTheirWindowsAndTheThreeProfiles()
    {
        Assert.Equal(47, _corpus.Series.Count);
        Assert.Equal(88, _corpus.Windows);
        Assert.Equal(279_280, _corpus.Rows);
        Assert.Equal(
            ["artificialNoAnomaly", "artificialWithAnomaly", "realAWSCloudwatch", "realAdExchange", "realTraffic", "realTweets"],
            _corpus.Series.Select(s => s.Folder).Distinct().Order(StringComparer.Ordinal));
        // The five artificialNoAnomaly series and realAWSCloudwatch/ec2_cpu_utilization_c6585a.csv have no windows.
        Assert.Equal(6, _corpus.Series.Count(s => s.Windows.Count == 0));
        Assert.Empty(_corpus.Series.Single(s => s.Name == "realAWSCloudwatch/ec2_cpu_utilization_c6585a.csv").Windows);
        Assert.Equal(
            [NabProfile.Standard, NabProfile.RewardLowFalsePositiveRate, NabProfile.RewardLowFalseNegativeRate],
            _corpus.Profiles);
    }

    [Fact]
    public void MapsWindowBoundsToRowsAndRepeatedTimestampsToTheirFirstRow()
    {
        // Checked against the CSVs: exchange-2_cpc_results has 1,624 rows (probation 243) and one window whose
        // bounds are rows 244 and 406; ec2_disk_write_bytes_1ef3de repeats timestamps (rows 2118..) before its window.
        LabelledSeries exchange = _corpus.Series.Single(s => s.Name == "realAdExchange/exchange-2_cpc_results.csv");
        Assert.Equal(1624, exchange.Count);
        Assert.Equal(243, exchange.ProbationLength);
        Assert.Equal([new AnomalyWindow(244, 406)], exchange.Windows);
        Assert.Equal(UnixMs(2011, 7, 1, 0, 0, 1), exchange.TimestampsMs[0]);

        LabelledSeries disk = _corpus.Series.Single(s => s.Name == "realAWSCloudwatch/ec2_disk_write_bytes_1ef3de.csv");
        Assert.Equal([new AnomalyWindow(2399, 2871)], disk.Windows);
        Assert.Equal(disk.TimestampsMs[2118], disk.TimestampsMs[2119]);
    }

    [Fact]
    public void PerfectDetectorScores100AndNullDetector0OnEveryProfile()
    {
        List<ScoredSeries> perfect = [.. _corpus.Series.Select(s => new ScoredSeries(s, ReferenceDetectors.Perfect(s)))];
        List<ScoredSeries> none = [.. _corpus.Series.Select(s => new ScoredSeries(s, ReferenceDetectors.Null(s)))];

        foreach (ProfileResult result in CorpusEvaluation.Evaluate(perfect, _corpus.Profiles))
        {
            Assert.Equal(100.0, result.Normalised!.Value, 9);
            Assert.Equal(88, result.Total.DetectedWindows);
            Assert.Equal(0, result.Total.FalsePositives);
        }

        foreach (ProfileResult result in CorpusEvaluation.Evaluate(none, _corpus.Profiles))
        {
            Assert.True(result.Threshold.DetectsNothing);
            Assert.Equal(0.0, result.Normalised!.Value, 9);
        }
    }

    [Fact]
    public void SeriesWithoutAWindowsEntryIsAnErrorNamingIt()
    {
        string root = WriteCorpus(windowsJson: """{ "f/a.csv": [] }""", ("f/a.csv", OneDay), ("f/b.csv", OneDay));

        var error = Assert.Throws<InvalidDataException>(() => NabCorpusLoader.Load(root));

        Assert.Contains("f/b.csv", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WindowsEntryWithoutADataFileIsAnErrorNamingIt()
    {
        string root = WriteCorpus(windowsJson: """{ "f/a.csv": [], "f/gone.csv": [] }""", ("f/a.csv", OneDay));

        var error = Assert.Throws<InvalidDataException>(() => NabCorpusLoader.Load(root));

        Assert.Contains("f/gone.csv", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WindowBoundThatIsNotATimestampOfTheSeriesIsAnError()
    {
        string root = WriteCorpus(
            windowsJson: """{ "f/a.csv": [["2020-01-01 00:05:00.000000", "2020-01-01 00:07:00.000000"]] }""",
            ("f/a.csv", OneDay));

        var error = Assert.Throws<InvalidDataException>(() => NabCorpusLoader.Load(root));

        Assert.Contains("f/a.csv", error.Message, StringComparison.Ordinal);
        Assert.Contains("2020-01-01 00:07:00", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadsATinyCorpusWithWindowsAsRows()
    {
        string root = WriteCorpus(
            windowsJson: """{ "f/a.csv": [["2020-01-01 00:05:00.000000", "2020-01-01 00:15:00.000000"]] }""",
            ("f/a.csv", OneDay));

        NabCorpus corpus = NabCorpusLoader.Load(root);

        LabelledSeries series = Assert.Single(corpus.Series);
        Assert.Equal("f", series.Folder);
        Assert.Equal(288, series.Count);
        Assert.Equal([new AnomalyWindow(1, 3)], series.Windows);
        Assert.Equal(2.5, series.Values[1]);
    }

    private static string OneDay =>
        "timestamp,value\n" + string.Concat(Enumerable.Range(0, 288).Select(i =>
            $"{new DateTime(2020, 1, 1).AddMinutes(5 * i):yyyy-MM-dd HH:mm:ss},{i * 2.5}\n"));

    private static long UnixMs(int year, int month, int day, int hour, int minute, int second) =>
        new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero).ToUnixTimeMilliseconds();

    public void Dispose()
    {
        foreach (string root in _temporaryRoots)
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private string WriteCorpus(string windowsJson, params (string Name, string Csv)[] files)
    {
        string root = Directory.CreateTempSubdirectory("nab-").FullName;
        _temporaryRoots.Add(root);
        Directory.CreateDirectory(Path.Combine(root, "labels"));
        Directory.CreateDirectory(Path.Combine(root, "config"));
        File.WriteAllText(Path.Combine(root, NabCorpusLoader.WindowsFile), windowsJson);
        File.WriteAllText(
            Path.Combine(root, NabCorpusLoader.ProfilesFile),
            """{ "standard": { "CostMatrix": { "tpWeight": 1.0, "fnWeight": 1.0, "fpWeight": 0.11, "tnWeight": 1.0 } } }""");
        foreach ((string name, string csv) in files)
        {
            string path = Path.Combine(root, "data", name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, csv);
        }

        return root;
    }
}
