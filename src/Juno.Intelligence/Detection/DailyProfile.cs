namespace Juno.Intelligence;

/// <summary>
/// Hour-of-day seasonal profile addressing: 24 slots whose centres sit at half past each hour (UTC), read as a
/// Catmull-Rom spline through the four nearest centres. A smooth daily curve stays smooth (no hourly staircase or
/// kinks), and peaks a few hours wide are represented closely enough not to be flagged once learned.
/// </summary>
internal static class DailyProfile
{
    public const int Slots = 24;
    private const long MillisecondsPerDay = 86_400_000;
    private const double MillisecondsPerSlot = 3_600_000;

    public static DailyProfilePosition Locate(long timestampMs)
    {
        long msOfDay = ((timestampMs % MillisecondsPerDay) + MillisecondsPerDay) % MillisecondsPerDay;
        double position = (msOfDay / MillisecondsPerSlot) - 0.5;
        double lowerCentre = Math.Floor(position);
        return new DailyProfilePosition(((int)lowerCentre + Slots) % Slots, position - lowerCentre);
    }
}

/// <summary>
/// Where a timestamp falls between slot centres <see cref="Lower"/> and <see cref="Lower"/> + 1, as the fraction
/// <see cref="T"/> of the way. Reading and learning use the same four spline weights, so learning is plain LMS on
/// the spline's basis and converges to the least-squares daily shape.
/// </summary>
internal readonly record struct DailyProfilePosition(int Lower, double T)
{
    public double Read(ReadOnlySpan<float> profile)
    {
        double value = 0;
        for (int k = 0; k < 4; k++)
        {
            value += Weight(k) * profile[Slot(k)];
        }

        return value;
    }

    /// <summary>Spreads <paramref name="amount"/> over the four slots in proportion to their spline weights.</summary>
    public void Add(Span<float> profile, double amount)
    {
        for (int k = 0; k < 4; k++)
        {
            profile[Slot(k)] += (float)(amount * Weight(k));
        }
    }

    private int Slot(int k) => (Lower + k - 1 + DailyProfile.Slots) % DailyProfile.Slots;

    // Catmull-Rom weights of the slots before, at, after and two after Lower; they sum to 1.
    private double Weight(int k)
    {
        double t = T;
        double t2 = t * t;
        double t3 = t2 * t;
        return k switch
        {
            0 => 0.5 * (-t3 + (2 * t2) - t),
            1 => 0.5 * ((3 * t3) - (5 * t2) + 2),
            2 => 0.5 * ((-3 * t3) + (4 * t2) + t),
            _ => 0.5 * (t3 - t2),
        };
    }
}
