namespace Juno.Evaluation.Forecasting;

/// <summary>
/// A series on a regular grid of steps: each step holds the mean of the rows that fell in it, or NaN where none did.
/// Forecasts are scored on this grid, so irregular series (NAB's traffic sensors) and regular ones are treated alike.
/// </summary>
public sealed class RegularSeries
{
    public RegularSeries(string name, long startMs, TimeSpan step, double[] values)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(values);
        if (step <= TimeSpan.Zero || TimeSpan.FromDays(1).Ticks % step.Ticks != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, "Must be positive and divide a day.");
        }

        Name = name;
        StartMs = startMs;
        Step = step;
        Values = values;
    }

    public string Name { get; }

    /// <summary>Start of the first step (a multiple of the step since the Unix epoch).</summary>
    public long StartMs { get; }

    public TimeSpan Step { get; }

    public double[] Values { get; }

    public int Count => Values.Length;

    public int StepsPerDay => (int)(TimeSpan.FromDays(1).Ticks / Step.Ticks);

    public int StepsPerWeek => 7 * StepsPerDay;

    public long TimestampOf(int index) => StartMs + (index * (long)Step.TotalMilliseconds);

    /// <summary>Buckets rows into steps of <paramref name="step"/> aligned to the epoch (UTC days), averaging each step.</summary>
    public static RegularSeries From(string name, long[] timestampsMs, double[] values, TimeSpan step)
    {
        ArgumentNullException.ThrowIfNull(timestampsMs);
        ArgumentNullException.ThrowIfNull(values);
        if (timestampsMs.Length == 0 || timestampsMs.Length != values.Length)
        {
            throw new ArgumentException($"{name}: needs rows, with one value per timestamp.", nameof(values));
        }

        long stepMs = (long)step.TotalMilliseconds;
        long first = Floor(timestampsMs.Min(), stepMs);
        long last = Floor(timestampsMs.Max(), stepMs);
        int count = checked((int)((last - first) / stepMs) + 1);
        var sums = new double[count];
        var counts = new int[count];
        for (int i = 0; i < values.Length; i++)
        {
            int index = (int)((Floor(timestampsMs[i], stepMs) - first) / stepMs);
            sums[index] += values[i];
            counts[index]++;
        }

        var means = new double[count];
        for (int i = 0; i < count; i++)
        {
            means[i] = counts[i] == 0 ? double.NaN : sums[i] / counts[i];
        }

        return new RegularSeries(name, first, step, means);
    }

    /// <summary>The step that best fits the rows: the median gap, rounded to whole minutes that divide a day.</summary>
    public static TimeSpan TypicalStep(long[] timestampsMs)
    {
        ArgumentNullException.ThrowIfNull(timestampsMs);
        if (timestampsMs.Length < 2)
        {
            throw new ArgumentException("Needs at least two rows.", nameof(timestampsMs));
        }

        long[] gaps = [.. timestampsMs.Zip(timestampsMs.Skip(1), (a, b) => b - a).Where(g => g > 0).Order()];
        double minutes = Math.Max(1, Math.Round(gaps[gaps.Length / 2] / 60_000.0));
        int[] divisors = [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60, 120, 180, 240, 360, 720, 1440];
        return TimeSpan.FromMinutes(divisors.MinBy(d => Math.Abs(d - minutes)));
    }

    private static long Floor(long value, long step) => value - (((value % step) + step) % step);
}
