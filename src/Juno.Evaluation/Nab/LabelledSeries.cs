namespace Juno.Evaluation.Nab;

/// <summary>
/// One NAB series: its rows (timestamps as Unix milliseconds, UTC) and its anomaly windows as row ranges, in order and
/// disjoint. <see cref="Name"/> is the corpus-relative path NAB uses as the key, e.g. "realTraffic/speed_t4013.csv".
/// </summary>
public sealed class LabelledSeries
{
    public LabelledSeries(string name, long[] timestampsMs, double[] values, IReadOnlyList<AnomalyWindow> windows)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(timestampsMs);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(windows);
        if (timestampsMs.Length != values.Length)
        {
            throw new ArgumentException($"{name}: {timestampsMs.Length} timestamps but {values.Length} values.", nameof(values));
        }

        for (int w = 0; w < windows.Count; w++)
        {
            AnomalyWindow window = windows[w];
            if (window.Start < 0 || window.End < window.Start || window.End >= values.Length
                || (w > 0 && window.Start <= windows[w - 1].End))
            {
                throw new ArgumentException(
                    $"{name}: window {w} (rows {window.Start}..{window.End}) is empty, out of range or not after the previous one.",
                    nameof(windows));
            }
        }

        Name = name;
        int slash = name.LastIndexOf('/');
        Folder = slash < 0 ? string.Empty : name[..slash];
        TimestampsMs = timestampsMs;
        Values = values;
        Windows = windows;
    }

    public string Name { get; }

    /// <summary>The folder part of <see cref="Name"/> (NAB's data category, e.g. "realTraffic").</summary>
    public string Folder { get; }

    public long[] TimestampsMs { get; }

    public double[] Values { get; }

    public IReadOnlyList<AnomalyWindow> Windows { get; }

    public int Count => Values.Length;

    public int ProbationLength => Probation.Length(Count);
}
