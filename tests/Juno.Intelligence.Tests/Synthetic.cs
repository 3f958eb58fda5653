namespace Juno.Intelligence.Tests;

/// <summary>Seeded synthetic metric series for the tests.</summary>
internal static class Synthetic
{
    public const long MinuteMs = 60_000;
    public const long HourMs = 60 * MinuteMs;
    public const long DayMs = 24 * HourMs;

    /// <summary>A start well after the epoch, at midnight UTC, like a real scrape timestamp.</summary>
    public const long Start = 1_700_006_400_000;

    public static double Gaussian(Random rng)
    {
        double u1 = 1.0 - rng.NextDouble();
        double u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>100 + 30 sin(2π · time of day) — a smooth daily cycle.</summary>
    public static double DailySine(long timestampMs) =>
        100 + (30 * Math.Sin(2 * Math.PI * (timestampMs % DayMs) / DayMs));
}
