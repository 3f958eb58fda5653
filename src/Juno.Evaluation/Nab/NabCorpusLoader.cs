using System.Text.Json;

namespace Juno.Evaluation.Nab;

/// <summary>
/// Loads a NAB corpus laid out as in NAB's repository: <c>data/&lt;folder&gt;/&lt;series&gt;.csv</c>,
/// <c>labels/combined_windows.json</c> and <c>config/profiles.json</c>. Nothing is skipped: a data file without a
/// windows entry, a windows entry without a data file, or a window bound that isn't one of the series' timestamps is
/// an error naming the series.
/// </summary>
public static class NabCorpusLoader
{
    public const string WindowsFile = "labels/combined_windows.json";
    public const string ProfilesFile = "config/profiles.json";

    public static NabCorpus Load(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        Dictionary<string, List<(string Start, string End)>> windows = ReadWindows(Path.Combine(root, WindowsFile));
        string dataDirectory = Path.Combine(root, "data");
        if (!Directory.Exists(dataDirectory))
        {
            throw new DirectoryNotFoundException($"NAB data folder '{dataDirectory}' not found.");
        }

        var series = new List<LabelledSeries>();
        foreach (string path in Directory.EnumerateFiles(dataDirectory, "*.csv", SearchOption.AllDirectories))
        {
            string name = Path.GetRelativePath(dataDirectory, path).Replace(Path.DirectorySeparatorChar, '/');
            if (!windows.Remove(name, out List<(string Start, string End)>? bounds))
            {
                throw new InvalidDataException($"Series '{name}' has no entry in {WindowsFile}.");
            }

            (long[] timestamps, double[] values) = SeriesCsv.Read(path);
            series.Add(new LabelledSeries(name, timestamps, values, ToRows(name, timestamps, bounds)));
        }

        if (windows.Count > 0)
        {
            throw new InvalidDataException(
                $"{WindowsFile} names series with no data file: {string.Join(", ", windows.Keys.Order(StringComparer.Ordinal))}.");
        }

        series.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return new NabCorpus(series, ReadProfiles(Path.Combine(root, ProfilesFile)));
    }

    public static IReadOnlyList<NabProfile> ReadProfiles(string path)
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
        var profiles = new List<NabProfile>();
        foreach (JsonProperty profile in document.RootElement.EnumerateObject())
        {
            JsonElement costs = profile.Value.GetProperty("CostMatrix");
            profiles.Add(new NabProfile(
                profile.Name,
                costs.GetProperty("tpWeight").GetDouble(),
                costs.GetProperty("fpWeight").GetDouble(),
                costs.GetProperty("fnWeight").GetDouble()));
        }

        return profiles;
    }

    private static Dictionary<string, List<(string Start, string End)>> ReadWindows(string path)
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
        var windows = new Dictionary<string, List<(string Start, string End)>>(StringComparer.Ordinal);
        foreach (JsonProperty entry in document.RootElement.EnumerateObject())
        {
            var bounds = new List<(string Start, string End)>();
            foreach (JsonElement window in entry.Value.EnumerateArray())
            {
                if (window.GetArrayLength() != 2)
                {
                    throw new InvalidDataException($"{path}: a window of '{entry.Name}' is not a [start, end] pair.");
                }

                bounds.Add((window[0].GetString() ?? string.Empty, window[1].GetString() ?? string.Empty));
            }

            windows.Add(entry.Name, bounds);
        }

        return windows;
    }

    // NAB enters a window at the first row whose timestamp equals the window's start and leaves it at the first row
    // equal to its end; a few series repeat a timestamp, so bounds map to the first occurrence as they do there.
    private static AnomalyWindow[] ToRows(string name, long[] timestamps, List<(string Start, string End)> bounds)
    {
        var firstRow = new Dictionary<long, int>(timestamps.Length);
        for (int i = 0; i < timestamps.Length; i++)
        {
            firstRow.TryAdd(timestamps[i], i);
        }

        var rows = new AnomalyWindow[bounds.Count];
        for (int w = 0; w < bounds.Count; w++)
        {
            rows[w] = new AnomalyWindow(Row(bounds[w].Start), Row(bounds[w].End));
        }

        return rows;

        int Row(string bound) =>
            NabTimestamp.TryParse(bound, out long timestamp) && firstRow.TryGetValue(timestamp, out int row)
                ? row
                : throw new InvalidDataException($"Series '{name}': window bound '{bound}' is not one of its timestamps.");
    }
}
