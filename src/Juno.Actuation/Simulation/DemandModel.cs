namespace Juno.Actuation.Simulation;

/// <summary>Offered load in requests per second, before incidents.</summary>
internal static class DemandModel
{
    /// <summary>Hours after midnight UTC at which the daily sinusoid crosses its mean going up;
    /// six hours later (14:00) is the peak.</summary>
    private const double RisingMeanHour = 8;

    public static double At(SimulatedWorkloadProfile profile, DateTimeOffset at, double noise)
    {
        var utc = at.UtcDateTime;
        var daily = 1 + (profile.DailyAmplitude * Math.Sin(2 * Math.PI * (utc.TimeOfDay.TotalHours - RisingMeanHour) / 24));
        var weekly = utc.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? profile.WeekendFactor : 1;
        return profile.BaseRequestRate * daily * weekly * (1 + (profile.NoiseFraction * noise));
    }
}
