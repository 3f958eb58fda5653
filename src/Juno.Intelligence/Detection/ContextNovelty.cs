namespace Juno.Intelligence;

/// <summary>
/// A contextual novelty score in the spirit of CAD OSE (a strong NAB performer): each value is quantised into one of
/// <see cref="Levels"/> bands of the range seen so far, each of the last <see cref="ContextLength"/> bands is paired
/// with the current one, and the score is the fraction of those pairs never seen before. A series that keeps repeating
/// its patterns scores 0; a jump to a new level, or a familiar level reached in an unfamiliar order, scores high once
/// and then is remembered, so the score marks the start of something new rather than its whole length.
/// </summary>
/// <remarks>
/// Memory is a fixed 4 KB bit table indexed by a hash of (band, earlier band, lag); collisions only make a new pair
/// look familiar. The range only widens (a value outside it is itself novel, and re-banding then makes the next few
/// pairs novel, which is the point). Scores are 0 for the first <see cref="WarmUpSamples"/> samples, while every pair is
/// new. The constants were chosen on the NAB corpus (16 bands: 8, 12, 20 and 32 lower; context 3: 2 about the same,
/// 4-5 lower; a 4 KB table scored the same as 8 KB; warm-up 300 or 600 lower), so they are tuned values, not held-out
/// results. Per update: no
/// allocation, O(<see cref="ContextLength"/>).
/// </remarks>
public sealed class ContextNovelty
{
    public const int Levels = 16;
    public const int ContextLength = 3;
    public const int WarmUpSamples = 150;

    private const byte FormatVersion = 1;
    private const string TypeName = nameof(ContextNovelty);
    private const int TableBits = 1 << 15;
    private const int PresenceWords = TableBits / 64 / 64;

    private readonly ulong[] _seen = new ulong[TableBits / 64];

    // Bands of the previous values, newest first.
    private readonly int[] _recent = new int[ContextLength];
    private double _min = double.PositiveInfinity;
    private double _max = double.NegativeInfinity;
    private long _count;

    public double LastScore { get; private set; }

    /// <summary>Scores the value's context against every context seen before, then remembers it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN or infinite; nothing changes.</exception>
    public double Update(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "Must be finite.");
        }

        _min = Math.Min(_min, value);
        _max = Math.Max(_max, value);
        double range = _max - _min;
        int band = range > 0 ? (int)Math.Min(Levels - 1, (value - _min) / range * Levels) : 0;
        int unseen = 0;
        int pairs = 0;
        for (int lag = 0; lag < ContextLength && lag < _count; lag++)
        {
            // Unchecked multiply-xor hash of the pair and its lag into the table.
            uint slot = (uint)(((band * 73856093) ^ (_recent[lag] * 19349663) ^ ((lag + 1) * 83492791)) & (TableBits - 1));
            ulong mask = 1UL << (int)(slot & 63);
            if ((_seen[slot >> 6] & mask) == 0)
            {
                unseen++;
                _seen[slot >> 6] |= mask;
            }

            pairs++;
        }

        for (int lag = ContextLength - 1; lag > 0; lag--)
        {
            _recent[lag] = _recent[lag - 1];
        }

        _recent[0] = band;
        _count++;
        LastScore = pairs == 0 || _count < WarmUpSamples ? 0 : (double)unseen / pairs;
        return LastScore;
    }

    public void WriteTo(BinaryWriter writer)
    {
        Snapshot.WriteVersion(writer, FormatVersion);
        writer.Write(_min);
        writer.Write(_max);
        writer.Write(_count);
        writer.Write(LastScore);
        foreach (int band in _recent)
        {
            writer.Write(band);
        }

        // Sparse: a mask of the non-empty words, then those words; a steady series fills few of them.
        Span<ulong> present = stackalloc ulong[PresenceWords];
        for (int i = 0; i < _seen.Length; i++)
        {
            if (_seen[i] != 0)
            {
                present[i >> 6] |= 1UL << (i & 63);
            }
        }

        foreach (ulong word in present)
        {
            writer.Write(word);
        }

        foreach (ulong word in _seen)
        {
            if (word != 0)
            {
                writer.Write(word);
            }
        }
    }

    public static ContextNovelty ReadFrom(BinaryReader reader)
    {
        Snapshot.ReadVersion(reader, FormatVersion, TypeName);
        var novelty = new ContextNovelty
        {
            _min = reader.ReadDouble(),
            _max = reader.ReadDouble(),
            _count = reader.ReadInt64(),
            LastScore = reader.ReadDouble(),
        };
        bool empty = novelty._count == 0 && novelty._min == double.PositiveInfinity && novelty._max == double.NegativeInfinity;
        bool ranged = novelty._count > 0 && double.IsFinite(novelty._min) && double.IsFinite(novelty._max) && novelty._min <= novelty._max;
        if (!(empty || ranged) || !(novelty.LastScore is >= 0 and <= 1))
        {
            throw Snapshot.Invalid(TypeName, "range, count or score out of range");
        }

        for (int lag = 0; lag < ContextLength; lag++)
        {
            novelty._recent[lag] = reader.ReadInt32();
            if (novelty._recent[lag] is < 0 or >= Levels)
            {
                throw Snapshot.Invalid(TypeName, "band out of range");
            }
        }

        Span<ulong> present = stackalloc ulong[PresenceWords];
        for (int i = 0; i < PresenceWords; i++)
        {
            present[i] = reader.ReadUInt64();
        }

        for (int i = 0; i < novelty._seen.Length; i++)
        {
            if ((present[i >> 6] & (1UL << (i & 63))) != 0)
            {
                novelty._seen[i] = reader.ReadUInt64();
                if (novelty._seen[i] == 0)
                {
                    throw Snapshot.Invalid(TypeName, "a word marked present is empty");
                }
            }
        }

        return novelty;
    }
}
