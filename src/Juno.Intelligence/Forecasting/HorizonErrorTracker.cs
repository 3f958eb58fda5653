namespace Juno.Intelligence;

/// <summary>
/// Empirical forecast-error variance per horizon bucket (see <see cref="HorizonLayout"/>), so prediction intervals
/// reflect how wrong the forecaster has actually been at each horizon rather than what a model assumption predicts.
/// </summary>
internal sealed class HorizonErrorTracker
{
    /// <summary>Buckets beyond the first need this many scored probes before their variance is trusted.</summary>
    public const int MinimumSamples = 6;

    private readonly HorizonLayout _layout;
    private readonly double[] _variance = new double[HorizonLayout.BucketCount];
    private readonly int[] _samples = new int[HorizonLayout.BucketCount];
    private readonly HorizonProbes _probes;

    public HorizonErrorTracker(HorizonLayout layout)
    {
        _layout = layout;
        _probes = new HorizonProbes(layout);
    }

    public HorizonLayout Layout => _layout;

    /// <summary>Standard deviation of one-step errors, or 0 before any were seen.</summary>
    public double OneStepSigma => Math.Sqrt(_variance[0]);

    /// <summary>Scores a closed step against its one-step forecast and every probe that targeted it.</summary>
    public void Observe(long step, double actual, double oneStepForecast)
    {
        Record(0, actual - oneStepForecast);
        for (int bucket = 1; bucket < HorizonLayout.BucketCount; bucket++)
        {
            if (_probes.TryTake(bucket, step, out double probe))
            {
                Record(bucket, actual - probe);
            }
        }
    }

    public bool IsProbeDue(int bucket, long step) => _probes.IsDue(bucket, step);

    public void StoreProbe(int bucket, long step, double forecast) => _probes.Store(bucket, step, forecast);

    /// <summary>Drops pending probes: after a gap their targets were never observed.</summary>
    public void ClearProbes() => _probes.Clear();

    public bool TryGetVariance(int bucket, out double variance)
    {
        variance = _variance[bucket];
        return _samples[bucket] >= (bucket == 0 ? 1 : MinimumSamples);
    }

    public void WriteTo(BinaryWriter writer)
    {
        for (int bucket = 0; bucket < HorizonLayout.BucketCount; bucket++)
        {
            writer.Write(_variance[bucket]);
            writer.Write(_samples[bucket]);
        }

        _probes.WriteTo(writer);
    }

    public void ReadFrom(BinaryReader reader, string typeName)
    {
        for (int bucket = 0; bucket < HorizonLayout.BucketCount; bucket++)
        {
            _variance[bucket] = reader.ReadDouble();
            _samples[bucket] = reader.ReadInt32();
            if (!(_variance[bucket] >= 0) || _samples[bucket] < 0 || _samples[bucket] > _layout.Memory(bucket))
            {
                throw Snapshot.Invalid(typeName, "horizon error statistics out of range");
            }
        }

        _probes.ReadFrom(reader, typeName);
    }

    // A running mean until the bucket's memory is reached, then an exponential average: early estimates aren't
    // biased towards the zero they started from.
    private void Record(int bucket, double error)
    {
        int samples = Math.Min(_samples[bucket] + 1, _layout.Memory(bucket));
        _samples[bucket] = samples;
        _variance[bucket] += ((error * error) - _variance[bucket]) / samples;
    }
}
