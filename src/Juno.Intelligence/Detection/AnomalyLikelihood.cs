namespace Juno.Intelligence;

/// <summary>
/// Turns a stream of raw anomaly scores into a calibrated one: how improbable the recent raw scores are given the
/// series' own history of raw scores (the idea of Numenta's anomaly likelihood). A noisy metric whose raw score is
/// often 0.4 stops alerting at 0.4, while a quiet one whose raw score jumps from 0.01 to 0.3 does; one corpus-wide
/// threshold then means the same thing on every series.
/// </summary>
/// <remarks>
/// <para>
/// The mean of the last <see cref="LikelihoodOptions.ShortWindow"/> raw scores is compared with the distribution of
/// that short mean over the last <see cref="LikelihoodOptions.HistoricWindow"/> samples, modelled as a normal with
/// floored mean and deviation, so a detector that has always read zero can't make a tiny wobble infinitely unlikely.
/// The output is −log10 of the upper tail probability divided by <see cref="LikelihoodOptions.Decades"/> and capped at
/// 1: 0.5 means one chance in 10^(Decades/2). Scores are 0 until <see cref="LikelihoodOptions.MinimumHistory"/>
/// short means are known.
/// </para>
/// <para>Per update: no allocation, O(1): two ring buffers with running sums (re-added exactly once per lap so
/// rounding cannot accumulate). An exponentially weighted mean and variance instead of the historic ring would save
/// its memory but scored about 2 points lower on NAB (standard profile), so the ring stays.</para>
/// </remarks>
public sealed class AnomalyLikelihood
{
    private const byte FormatVersion = 1;
    private const string TypeName = nameof(AnomalyLikelihood);

    private readonly LikelihoodOptions _options;
    private readonly double[] _short;
    private readonly ushort[] _history;
    private int _shortNext;
    private int _shortCount;
    private double _shortSum;
    private int _historyNext;
    private int _historyCount;
    private double _historySum;
    private double _historySumOfSquares;
    private double _lastScore;

    public AnomalyLikelihood(LikelihoodOptions? options = null)
    {
        _options = options ?? LikelihoodOptions.Default;
        _options.Validate();
        _short = new double[_options.ShortWindow];
        _history = new ushort[_options.HistoricWindow];
    }

    public LikelihoodOptions Options => _options;

    public double LastScore => _lastScore;

    /// <summary>Scores the latest raw score against the history, then adds it to the history.</summary>
    public double Update(double rawScore)
    {
        if (!double.IsFinite(rawScore) || rawScore is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(rawScore), rawScore, "Must be in [0, 1].");
        }

        _shortSum += rawScore - _short[_shortNext];
        _short[_shortNext] = rawScore;
        _shortNext = (_shortNext + 1) % _short.Length;
        _shortCount = Math.Min(_shortCount + 1, _short.Length);
        double shortMean = _shortSum / _shortCount;

        _lastScore = _historyCount >= _options.MinimumHistory ? Score(shortMean) : 0;
        Remember(shortMean);
        return _lastScore;
    }

    public void WriteTo(BinaryWriter writer)
    {
        Snapshot.WriteVersion(writer, FormatVersion);
        LikelihoodOptions.Write(writer, _options);
        writer.Write(_shortNext);
        writer.Write(_shortCount);
        writer.Write(_historyNext);
        writer.Write(_historyCount);
        writer.Write(_lastScore);
        writer.Write(_shortSum);
        writer.Write(_historySum);
        writer.Write(_historySumOfSquares);
        WriteDoubles(writer, _short);
        writer.Write(_history.Length);
        foreach (ushort value in _history)
        {
            writer.Write(value);
        }
    }

    public static AnomalyLikelihood ReadFrom(BinaryReader reader)
    {
        Snapshot.ReadVersion(reader, FormatVersion, TypeName);
        var likelihood = new AnomalyLikelihood(LikelihoodOptions.Read(reader))
        {
            _shortNext = reader.ReadInt32(),
            _shortCount = reader.ReadInt32(),
            _historyNext = reader.ReadInt32(),
            _historyCount = reader.ReadInt32(),
            _lastScore = reader.ReadDouble(),
            _shortSum = reader.ReadDouble(),
            _historySum = reader.ReadDouble(),
            _historySumOfSquares = reader.ReadDouble(),
        };
        ReadDoubles(reader, likelihood._short);
        if (reader.ReadInt32() != likelihood._history.Length)
        {
            throw Snapshot.Invalid(TypeName, "history length does not match the options");
        }

        for (int i = 0; i < likelihood._history.Length; i++)
        {
            likelihood._history[i] = reader.ReadUInt16();
        }
        if (likelihood._shortNext < 0 || likelihood._shortNext >= likelihood._short.Length
            || likelihood._shortCount < 0 || likelihood._shortCount > likelihood._short.Length
            || likelihood._historyNext < 0 || likelihood._historyNext >= likelihood._history.Length
            || likelihood._historyCount < 0 || likelihood._historyCount > likelihood._history.Length)
        {
            throw Snapshot.Invalid(TypeName, "ring positions out of range");
        }

        // The running sums are stored rather than recounted: a recount differs in the last bits from the incremental
        // sums, and a restored likelihood must score exactly like the original.
        if (!double.IsFinite(likelihood._shortSum) || !double.IsFinite(likelihood._historySum)
            || !double.IsFinite(likelihood._historySumOfSquares))
        {
            throw Snapshot.Invalid(TypeName, "running sums are not finite");
        }
        return likelihood;
    }

    private double Score(double shortMean)
    {
        double mean = _historySum / _historyCount;
        double variance = Math.Max(0, (_historySumOfSquares / _historyCount) - (mean * mean));
        double deviation = Math.Max(Math.Sqrt(variance), _options.MinimumDeviation);
        double z = (shortMean - Math.Max(mean, _options.MinimumMean)) / deviation;
        return Math.Min(1, NormalTail.NegativeLog10(z) / _options.Decades);
    }

    // The short means are averages of scores in [0, 1], so the history keeps them as 16-bit fractions (steps of
    // 1.5e-5, far below the deviation floor; a quarter of the memory of doubles), and the sums add exactly the stored
    // values so that a recount agrees with them.
    private void Remember(double exactShortMean)
    {
        ushort stored = (ushort)Math.Round(Math.Clamp(exactShortMean, 0, 1) * ushort.MaxValue);
        double shortMean = Fraction(stored);
        double dropped = Fraction(_history[_historyNext]);
        _history[_historyNext] = stored;
        _historyNext = (_historyNext + 1) % _history.Length;
        if (_historyCount < _history.Length)
        {
            _historyCount++;
            _historySum += shortMean;
            _historySumOfSquares += shortMean * shortMean;
        }
        else if (_historyNext == 0)
        {
            Resum();
        }
        else
        {
            _historySum += shortMean - dropped;
            _historySumOfSquares += (shortMean * shortMean) - (dropped * dropped);
        }
    }

    private void Resum()
    {
        _shortSum = 0;
        for (int i = 0; i < _shortCount; i++)
        {
            _shortSum += _short[(_shortNext - 1 - i + _short.Length) % _short.Length];
        }

        _historySum = 0;
        _historySumOfSquares = 0;
        for (int i = 0; i < _historyCount; i++)
        {
            double value = Fraction(_history[(_historyNext - 1 - i + _history.Length) % _history.Length]);
            _historySum += value;
            _historySumOfSquares += value * value;
        }
    }

    private static double Fraction(ushort stored) => stored / (double)ushort.MaxValue;

    private static void WriteDoubles(BinaryWriter writer, double[] values)
    {
        writer.Write(values.Length);
        foreach (double value in values)
        {
            writer.Write(value);
        }
    }

    private static void ReadDoubles(BinaryReader reader, double[] values)
    {
        if (reader.ReadInt32() != values.Length)
        {
            throw Snapshot.Invalid(TypeName, "ring length does not match the options");
        }

        for (int i = 0; i < values.Length; i++)
        {
            values[i] = reader.ReadDouble();
            if (!double.IsFinite(values[i]))
            {
                throw Snapshot.Invalid(TypeName, "ring holds a non-finite value");
            }
        }
    }
}
