using System.Globalization;

namespace Juno.Evaluation.Nab;

/// <summary>Reads a NAB data file: a <c>timestamp,value</c> header, then one row per line.</summary>
public static class SeriesCsv
{
    public static (long[] TimestampsMs, double[] Values) Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var timestamps = new List<long>();
        var values = new List<double>();
        int lineNumber = 0;
        foreach (string line in File.ReadLines(path))
        {
            lineNumber++;
            if (lineNumber == 1)
            {
                if (line.Trim() != "timestamp,value")
                {
                    throw new InvalidDataException($"{path}: expected the header 'timestamp,value', found '{line}'.");
                }

                continue;
            }

            if (line.Length == 0)
            {
                continue;
            }

            ReadOnlySpan<char> text = line;
            int comma = text.IndexOf(',');
            if (comma < 0
                || !NabTimestamp.TryParse(text[..comma], out long timestamp)
                || !double.TryParse(text[(comma + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
                || !double.IsFinite(value))
            {
                throw new InvalidDataException($"{path}:{lineNumber}: cannot read '{line}' as timestamp,value.");
            }

            timestamps.Add(timestamp);
            values.Add(value);
        }

        if (lineNumber == 0)
        {
            throw new InvalidDataException($"{path}: the file is empty.");
        }

        return (timestamps.ToArray(), values.ToArray());
    }
}
