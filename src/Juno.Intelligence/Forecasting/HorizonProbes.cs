namespace Juno.Intelligence;

/// <summary>
/// Pending probe forecasts per horizon bucket (see <see cref="HorizonLayout"/>): a forecaster stores one when a bucket
/// is due and takes it back when its target step closes, so its own errors at each horizon can be measured.
/// </summary>
internal sealed class HorizonProbes
{
    private readonly HorizonLayout _layout;
    private readonly float[] _probes;

    public HorizonProbes(HorizonLayout layout)
    {
        _layout = layout;
        _probes = new float[layout.TotalProbes];
        Clear();
    }

    public HorizonLayout Layout => _layout;

    public bool IsDue(int bucket, long step) => _layout.IssuesAt(bucket, step);

    public void Store(int bucket, long step, double forecast) => _probes[_layout.ProbeIndex(bucket, step)] = (float)forecast;

    /// <summary>The probe bucket <paramref name="bucket"/> issued for <paramref name="targetStep"/>, if one is pending; it is used up.</summary>
    public bool TryTake(int bucket, long targetStep, out double forecast)
    {
        forecast = double.NaN;
        long issuedAt = targetStep - _layout.Horizon(bucket);
        if (!_layout.IssuesAt(bucket, issuedAt))
        {
            return false;
        }

        int index = _layout.ProbeIndex(bucket, issuedAt);
        float probe = _probes[index];
        if (float.IsNaN(probe))
        {
            return false;
        }

        _probes[index] = float.NaN;
        forecast = probe;
        return true;
    }

    /// <summary>Drops pending probes: after a gap their targets were never observed.</summary>
    public void Clear() => Array.Fill(_probes, float.NaN);

    public void WriteTo(BinaryWriter writer) => Snapshot.WriteFloats(writer, _probes);

    public void ReadFrom(BinaryReader reader, string typeName) => Snapshot.ReadFloats(reader, _probes, typeName);
}
