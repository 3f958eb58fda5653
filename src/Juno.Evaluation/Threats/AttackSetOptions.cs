namespace Juno.Evaluation.Threats;

/// <summary>Size and seed of a generated attack set; see <see cref="AttackSetGenerator"/>.</summary>
public sealed record AttackSetOptions
{
    /// <summary>The set the runner reports on.</summary>
    public static AttackSetOptions Default { get; } = new();

    public int Seed { get; init; } = 20261125;

    public int Entities { get; init; } = 200;

    public int Days { get; init; } = 7;

    public TimeSpan SampleInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Share of entities that suffer one attack episode; the rest stay clean throughout.</summary>
    public double AttackedFraction { get; init; } = 0.6;

    /// <summary>Attacks start no earlier than this many days in, after the detector's warm-up and a first day of alerts.</summary>
    public int QuietDays { get; init; } = 2;

    /// <summary>Unix ms of the first sample: midnight UTC, so hours of the day line up with sample indices.</summary>
    public long StartMs { get; init; } = 1_764_028_800_000;

    public int SamplesPerDay => (int)(TimeSpan.FromDays(1) / SampleInterval);

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Entities, 1, nameof(Entities));
        ArgumentOutOfRangeException.ThrowIfLessThan(Days, QuietDays + 1, nameof(Days));
        ArgumentOutOfRangeException.ThrowIfLessThan(QuietDays, 1, nameof(QuietDays));
        if (SampleInterval <= TimeSpan.Zero || TimeSpan.FromDays(1).Ticks % SampleInterval.Ticks != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(SampleInterval), SampleInterval, "Must divide a day evenly.");
        }

        if (!(AttackedFraction is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(AttackedFraction), AttackedFraction, "Must be in [0, 1].");
        }
    }
}
