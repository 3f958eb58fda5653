namespace Juno.Intelligence;

/// <summary>
/// The short memory the diagnoser keeps for one metric: a ring of recent samples (time, value, expected, signed robust
/// z), the latest score and scale, and the mean expected value of each hour of day (UTC) the last time it came round.
/// </summary>
/// <remarks>
/// The hour-of-day table is the diagnoser's own view of the seasonal pattern, built only from the detectors'
/// <see cref="MetricObservation.Expected"/>, so it doesn't depend on how a detector models seasonality. An hour's slot
/// is written only when the hour is over, so the hour in progress (and whatever incident is in it) is read against the
/// same hour a day earlier. The table's mean is the day's average expectation, which defines a seasonal break, and its
/// shape lets the typing take the daily cycle's own rise and fall out of a window of values.
/// </remarks>
internal sealed class MetricHistory
{
    public const int HoursPerDay = 24;
    private const long MillisecondsPerHour = 3_600_000;
    private const long MillisecondsPerDay = HoursPerDay * MillisecondsPerHour;

    private readonly long[] _timestamps;
    private readonly double[] _values;
    private readonly double[] _expected;
    private readonly double[] _deviations;
    private readonly double[] _hourlyExpected = new double[HoursPerDay];
    private int _head;
    private int _count;
    private long _openHour = long.MinValue;
    private double _openSum;
    private int _openCount;

    public MetricHistory(int capacity)
    {
        _timestamps = new long[capacity];
        _values = new double[capacity];
        _expected = new double[capacity];
        _deviations = new double[capacity];
        Array.Fill(_hourlyExpected, double.NaN);
    }

    public int Count => _count;

    public long LastTimestampMs { get; private set; }

    public double LastScore { get; private set; }

    public double LastScale { get; private set; }

    public double LastDeviation => DeviationAt(0);

    /// <summary>Appends a validated observation that is newer than <see cref="LastTimestampMs"/>.</summary>
    public void Append(in MetricObservation observation)
    {
        UpdateHourly(observation.TimestampMs, observation.Expected);
        _timestamps[_head] = observation.TimestampMs;
        _values[_head] = observation.Value;
        _expected[_head] = observation.Expected;
        _deviations[_head] = (observation.Value - observation.Expected) / observation.Scale;
        _head = (_head + 1) % _timestamps.Length;
        _count = Math.Min(_count + 1, _timestamps.Length);
        LastTimestampMs = observation.TimestampMs;
        LastScore = observation.Score;
        LastScale = observation.Scale;
    }

    // Accessors count back from the newest sample (0 = newest).
    public long TimestampAt(int back) => _timestamps[Index(back)];

    public double ValueAt(int back) => _values[Index(back)];

    public double ExpectedAt(int back) => _expected[Index(back)];

    public double DeviationAt(int back) => _deviations[Index(back)];

    /// <summary>Newest samples no older than <paramref name="windowMs"/> before <paramref name="nowMs"/>.</summary>
    public int CountWithin(long nowMs, double windowMs)
    {
        int n = 0;
        while (n < _count && nowMs - TimestampAt(n) <= windowMs)
        {
            n++;
        }

        return n;
    }

    /// <summary>
    /// Exponentially weighted least-squares slope of the values, per minute: weights exp(−age/τ) with age measured
    /// from the newest sample, over samples up to 3τ old. 0 with fewer than two samples in reach.
    /// </summary>
    public double Slope(TimeSpan timeConstant)
    {
        double tauMinutes = timeConstant.TotalMinutes;
        long newest = LastTimestampMs;
        double weightSum = 0, meanAge = 0, meanValue = 0;
        int n = 0;
        for (; n < _count; n++)
        {
            double age = (newest - TimestampAt(n)) / 60_000.0;
            if (age > 3 * tauMinutes)
            {
                break;
            }

            double weight = Math.Exp(-age / tauMinutes);
            weightSum += weight;
            meanAge += weight * age;
            meanValue += weight * ValueAt(n);
        }

        if (n < 2)
        {
            return 0;
        }

        meanAge /= weightSum;
        meanValue /= weightSum;
        double covariance = 0, variance = 0;
        for (int i = 0; i < n; i++)
        {
            double age = (newest - TimestampAt(i)) / 60_000.0;
            double weight = Math.Exp(-age / tauMinutes);
            covariance += weight * (age - meanAge) * (ValueAt(i) - meanValue);
            variance += weight * (age - meanAge) * (age - meanAge);
        }

        // Ages run backwards in time, so the slope against time is the negative of the slope against age.
        return variance > 0 ? -covariance / variance : 0;
    }

    /// <summary>The average of the hourly expectations once every hour of the day has been completed.</summary>
    public bool TryDailyLevel(out double level)
    {
        double sum = 0;
        foreach (double hourly in _hourlyExpected)
        {
            if (double.IsNaN(hourly))
            {
                level = 0;
                return false;
            }

            sum += hourly;
        }

        level = sum / HoursPerDay;
        return true;
    }

    /// <summary>
    /// The daily cycle's offset from the day's average at <paramref name="timestampMs"/>: the hourly table read as a
    /// line through the hours' midpoints, minus its mean. 0 until every hour has been completed.
    /// </summary>
    public double SeasonalOffset(long timestampMs)
    {
        if (!TryDailyLevel(out double level))
        {
            return 0;
        }

        double hours = ((double)Modulo(timestampMs, MillisecondsPerDay) / MillisecondsPerHour) - 0.5;
        double lower = Math.Floor(hours);
        double fraction = hours - lower;
        int before = (int)Modulo((long)lower, HoursPerDay);
        int after = (before + 1) % HoursPerDay;
        return _hourlyExpected[before] + (fraction * (_hourlyExpected[after] - _hourlyExpected[before])) - level;
    }

    public void WriteTo(BinaryWriter writer)
    {
        writer.Write(_count);
        writer.Write(LastTimestampMs);
        writer.Write(LastScore);
        writer.Write(LastScale);
        for (int back = _count - 1; back >= 0; back--)
        {
            int i = Index(back);
            writer.Write(_timestamps[i]);
            writer.Write(_values[i]);
            writer.Write(_expected[i]);
            writer.Write(_deviations[i]);
        }

        foreach (double hourly in _hourlyExpected)
        {
            writer.Write(hourly);
        }

        writer.Write(_openHour);
        writer.Write(_openSum);
        writer.Write(_openCount);
    }

    public static MetricHistory ReadFrom(BinaryReader reader, int capacity, string typeName)
    {
        var history = new MetricHistory(capacity);
        int count = reader.ReadInt32();
        if (count < 0 || count > capacity)
        {
            throw Snapshot.Invalid(typeName, $"history of {count} samples for a ring of {capacity}");
        }

        history.LastTimestampMs = reader.ReadInt64();
        history.LastScore = reader.ReadDouble();
        history.LastScale = reader.ReadDouble();
        for (int i = 0; i < count; i++)
        {
            history._timestamps[i] = reader.ReadInt64();
            history._values[i] = RequireFinite(reader.ReadDouble(), typeName);
            history._expected[i] = RequireFinite(reader.ReadDouble(), typeName);
            history._deviations[i] = RequireFinite(reader.ReadDouble(), typeName);
        }

        for (int h = 0; h < HoursPerDay; h++)
        {
            double hourly = reader.ReadDouble();
            history._hourlyExpected[h] = double.IsNaN(hourly) ? hourly : RequireFinite(hourly, typeName);
        }

        history._openHour = reader.ReadInt64();
        history._openSum = RequireFinite(reader.ReadDouble(), typeName);
        history._openCount = reader.ReadInt32();
        if (history._openCount < 0)
        {
            throw Snapshot.Invalid(typeName, "negative hourly sample count");
        }

        history._count = count;
        history._head = count % capacity;
        if (count > 0 && history.TimestampAt(0) != history.LastTimestampMs)
        {
            throw Snapshot.Invalid(typeName, "newest sample and last timestamp disagree");
        }

        return history;
    }

    private int Index(int back) => (_head - 1 - back + (2 * _timestamps.Length)) % _timestamps.Length;

    // Expectations are averaged over each clock hour; the average goes into the table when the hour is over.
    private void UpdateHourly(long timestampMs, double expected)
    {
        long hour = (timestampMs - Modulo(timestampMs, MillisecondsPerHour)) / MillisecondsPerHour;
        if (_openCount > 0 && hour != _openHour)
        {
            _hourlyExpected[(int)Modulo(_openHour, HoursPerDay)] = _openSum / _openCount;
            _openSum = 0;
            _openCount = 0;
        }

        _openHour = hour;
        _openSum += expected;
        _openCount++;
    }

    private static long Modulo(long value, long divisor) => ((value % divisor) + divisor) % divisor;

    private static double RequireFinite(double value, string typeName) =>
        double.IsFinite(value) ? value : throw Snapshot.Invalid(typeName, "non-finite history value");
}
