namespace Juno.Storage;

/// <summary>
/// PostgreSQL keeps instants in UTC with microsecond precision. Both stores normalise to that on the way in,
/// so what a caller reads back, and what the audit hash covers, is identical whichever store is in use.
/// </summary>
internal static class StoredTime
{
    public static DateTimeOffset Normalize(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);
    }
}
