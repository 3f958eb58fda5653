namespace Juno.Intelligence;

/// <summary>
/// Requests per second, minute by minute, that a simulated workload receives: a real series (taxi passengers, tweets)
/// rescaled so its training part peaks at a chosen rate, and linearly interpolated between its rows.
/// </summary>
public sealed class DemandTrace
{
    public const long MinuteMs = 60_000;

    public DemandTrace(string name, long startMs, double[] requestRates)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(requestRates);
        if (requestRates.Length == 0 || Array.Exists(requestRates, r => !double.IsFinite(r) || r < 0))
        {
            throw new ArgumentException($"{name}: needs at least one minute, every rate finite and not negative.", nameof(requestRates));
        }

        Name = name;
        StartMs = startMs;
        RequestRates = requestRates;
    }

    public string Name { get; }

    public long StartMs { get; }

    public double[] RequestRates { get; }

    public int Minutes => RequestRates.Length;

    public long TimestampOf(int minute) => StartMs + (minute * MinuteMs);

    /// <summary>
    /// Resamples rows (timestamps ascending) to minutes, scaled so that the 99th percentile of the first
    /// <paramref name="calibrationShare"/> of the minutes becomes <paramref name="peakRequestRate"/>: the scale is set
    /// from the part a planner could have seen (a later, bigger peak stays bigger), and from a percentile, so one
    /// burst (tweet volumes have bursts of 10-50x) does not shrink the everyday load to a single pod.
    /// </summary>
    public static DemandTrace FromSeries(string name, long[] timestampsMs, double[] values, double peakRequestRate, double calibrationShare)
    {
        ArgumentNullException.ThrowIfNull(timestampsMs);
        ArgumentNullException.ThrowIfNull(values);
        if (timestampsMs.Length < 2 || timestampsMs.Length != values.Length || !(peakRequestRate > 0) || !(calibrationShare is > 0 and <= 1))
        {
            throw new ArgumentException($"{name}: needs two or more rows, a positive peak and a calibration share in (0, 1].");
        }

        long start = timestampsMs[0] - (timestampsMs[0] % MinuteMs);
        int minutes = (int)((timestampsMs[^1] - start) / MinuteMs) + 1;
        var rates = new double[minutes];
        int row = 0;
        for (int m = 0; m < minutes; m++)
        {
            long t = start + (m * MinuteMs);
            while (row < timestampsMs.Length - 2 && timestampsMs[row + 1] <= t)
            {
                row++;
            }

            double span = timestampsMs[row + 1] - timestampsMs[row];
            double fraction = span <= 0 ? 0 : Math.Clamp((t - timestampsMs[row]) / span, 0, 1);
            rates[m] = Math.Max(0, values[row] + ((values[row + 1] - values[row]) * fraction));
        }

        double[] calibration = rates[..Math.Max(1, (int)(minutes * calibrationShare))];
        Array.Sort(calibration);
        double peak = calibration[(int)(0.99 * (calibration.Length - 1))];
        double scale = peak > 0 ? peakRequestRate / peak : 0;
        for (int m = 0; m < minutes; m++)
        {
            rates[m] *= scale;
        }

        return new DemandTrace(name, start, rates);
    }
}
