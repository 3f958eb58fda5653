namespace Juno.Intelligence;

/// <summary>The shape of the top driver's recent excursion; see <see cref="EntityDiagnoser"/> for the rules.</summary>
public enum AnomalyType : byte
{
    None = 0,

    /// <summary>A short excursion: at most a few samples so far, or one that has already returned.</summary>
    Spike = 1,

    /// <summary>A sharp fall to a fraction of the expected value, e.g. traffic going to about zero.</summary>
    Drop = 2,

    /// <summary>A sustained offset at a flat new level.</summary>
    LevelShift = 3,

    /// <summary>A value that keeps moving away from where it was, e.g. a memory leak.</summary>
    Trend = 4,

    /// <summary>The hour-of-day pattern failed to happen: the value sits at the day's average level.</summary>
    SeasonalBreak = 5,
}
