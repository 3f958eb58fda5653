namespace Juno.Silo.Demo;

/// <summary>The embedded demo: synthetic workloads on the simulated cluster. Bound from <c>Juno:Demo</c>.</summary>
public sealed class DemoOptions
{
    public const string Section = "Juno:Demo";

    public bool Enabled { get; set; }

    /// <summary>Simulated seconds per real second, so a day's pattern and incidents show in minutes.</summary>
    public double Speed { get; set; } = 60;

    /// <summary>History generated at start so forecasts know the daily pattern from the first minute.</summary>
    public TimeSpan Backfill { get; set; } = TimeSpan.FromHours(48);

    /// <summary>Simulated time between two samples of a metric.</summary>
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Simulated time covered by one behaviour sample (connections, egress, logins...) of a workload.</summary>
    public TimeSpan BehaviourInterval { get; set; } = TimeSpan.FromMinutes(5);

    public string? Validate() =>
        Speed is < 1 or > 3600 ? "Juno:Demo:Speed must be between 1 and 3600."
        : SampleInterval <= TimeSpan.Zero ? "Juno:Demo:SampleInterval must be positive."
        : BehaviourInterval <= TimeSpan.Zero ? "Juno:Demo:BehaviourInterval must be positive."
        : Backfill < TimeSpan.Zero ? "Juno:Demo:Backfill must not be negative."
        : null;
}
