using System.Globalization;

namespace Juno.Evaluation.Nab;

/// <summary>NAB timestamps ("2014-04-10 07:15:00", windows add ".000000"), read as UTC Unix milliseconds.</summary>
public static class NabTimestamp
{
    private static readonly string[] Formats = ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF"];

    public static bool TryParse(ReadOnlySpan<char> text, out long unixMilliseconds)
    {
        if (DateTime.TryParseExact(
                text, Formats, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime parsed))
        {
            unixMilliseconds = new DateTimeOffset(parsed, TimeSpan.Zero).ToUnixTimeMilliseconds();
            return true;
        }

        unixMilliseconds = 0;
        return false;
    }
}
