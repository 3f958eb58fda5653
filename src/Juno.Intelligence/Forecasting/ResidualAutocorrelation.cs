namespace Juno.Intelligence;

/// <summary>
/// The autocorrelation of one-step residuals at every lag up to a day, learned online, so the share of today's surprise
/// that is still there k steps later is measured per lag rather than assumed to decay geometrically.
/// </summary>
/// <remarks>
/// Demand surprises (weather, an event, an incident) fade more slowly than an AR(1) says: a rainy evening stays busy for
/// hours. Cost per step is one multiply-add per lag (288 for 5-minute steps); memory a day of residuals and one
/// covariance per lag. Missing steps are NaN in the ring and pairs with them are not counted.
/// </remarks>
internal sealed class ResidualAutocorrelation
{
    // Running means that become exponential ones after about a week of samples.
    private const int MemoryDays = 7;

    private readonly float[] _recent;
    // Floats and 16-bit counts: a grain holds two of these per metric, and neither needs more precision.
    private readonly float[] _covariance;
    private readonly ushort[] _pairs;
    private readonly int _memory;
    private long _count;

    public ResidualAutocorrelation(int maxLag)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLag, 1);
        _recent = new float[maxLag];
        Array.Fill(_recent, float.NaN);
        _covariance = new float[maxLag + 1];
        _pairs = new ushort[maxLag + 1];
        _memory = Math.Min(MemoryDays * maxLag, ushort.MaxValue);
    }

    public int MaxLag => _recent.Length;

    /// <summary>The latest residual (NaN after a missing step).</summary>
    public double Latest => _count == 0 ? double.NaN : _recent[Index(_count - 1)];

    /// <summary>Records the residual of the step that just closed (NaN for a step without data).</summary>
    public void Add(double residual)
    {
        if (!double.IsNaN(residual))
        {
            Accumulate(0, residual * residual);
            for (int lag = 1; lag <= _recent.Length && lag <= _count; lag++)
            {
                float earlier = _recent[Index(_count - lag)];
                if (!float.IsNaN(earlier))
                {
                    Accumulate(lag, residual * earlier);
                }
            }
        }

        _recent[Index(_count)] = (float)residual;
        _count++;
    }

    /// <summary>The regression coefficient of the residual <paramref name="lag"/> steps later on today's, clamped to [0, max].</summary>
    public double Persistence(long lag, double max)
    {
        if (lag <= 0)
        {
            return 1;
        }

        if (lag > _recent.Length || _covariance[0] <= 0 || _pairs[lag] == 0)
        {
            return 0;
        }

        return Math.Clamp(_covariance[lag] / _covariance[0], 0, max);
    }

    public void WriteTo(BinaryWriter writer)
    {
        writer.Write(_count);
        Snapshot.WriteFloats(writer, _recent);
        Snapshot.WriteFloats(writer, _covariance);
        foreach (ushort pairs in _pairs)
        {
            writer.Write(pairs);
        }
    }

    public void ReadFrom(BinaryReader reader, string typeName)
    {
        _count = reader.ReadInt64();
        Snapshot.ReadFloats(reader, _recent, typeName);
        Snapshot.ReadFloats(reader, _covariance, typeName);
        for (int lag = 0; lag < _pairs.Length; lag++)
        {
            _pairs[lag] = reader.ReadUInt16();
            if (!float.IsFinite(_covariance[lag]) || _pairs[lag] > _memory)
            {
                throw Snapshot.Invalid(typeName, "residual autocorrelation out of range");
            }
        }

        if (_count < 0 || !(_covariance[0] >= 0))
        {
            throw Snapshot.Invalid(typeName, "residual autocorrelation out of range");
        }
    }

    private void Accumulate(int lag, double product)
    {
        int pairs = Math.Min(_pairs[lag] + 1, _memory);
        _pairs[lag] = (ushort)pairs;
        _covariance[lag] += (float)((product - _covariance[lag]) / pairs);
    }

    private int Index(long position) => (int)(position % _recent.Length);
}
