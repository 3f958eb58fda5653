namespace Juno.Intelligence;

/// <summary>
/// Calibrated interval half-widths per horizon bucket (see <see cref="HorizonLayout"/>): each bucket keeps the mean
/// absolute error of the forecaster's own past forecasts at that horizon, and two multipliers of it that are nudged up
/// when an error falls outside and down when it falls inside, so that 80% and 95% of errors end up inside.
/// </summary>
/// <remarks>
/// Why quantiles and not a variance: forecast errors of real demand are heavy-tailed (holidays, storms), so a Gaussian
/// interval from the variance is too wide at 80% and too narrow at 95% at once. The multipliers start at the Gaussian
/// values (1.2816 and 1.9600 standard deviations over the mean absolute error's 0.7979) and move by a fixed step, a
/// stochastic-approximation quantile estimate that also follows a changing error distribution.
/// </remarks>
internal sealed class HorizonQuantiles
{
    public const int MinimumSamples = 6;
    private const double Gaussian80 = 1.2815515655446004 / 0.7978845608028654;
    private const double Gaussian95 = 1.959963984540054 / 0.7978845608028654;
    private const double QuantileStep = 0.02;

    private readonly HorizonLayout _layout;
    private readonly double[] _meanAbsolute = new double[HorizonLayout.BucketCount];
    private readonly double[] _k80 = new double[HorizonLayout.BucketCount];
    private readonly double[] _k95 = new double[HorizonLayout.BucketCount];
    private readonly int[] _samples = new int[HorizonLayout.BucketCount];
    private readonly HorizonProbes _probes;

    public HorizonQuantiles(HorizonLayout layout)
    {
        _layout = layout;
        _probes = new HorizonProbes(layout);
        Array.Fill(_k80, Gaussian80);
        Array.Fill(_k95, Gaussian95);
    }

    public HorizonLayout Layout => _layout;

    /// <summary>Mean absolute one-step error, or 0 before any was seen.</summary>
    public double OneStepMeanAbsolute => _meanAbsolute[0];

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

    /// <summary>80% and 95% half-widths at <paramref name="stepsAhead"/>, interpolated between tracked horizons.</summary>
    public (double Half80, double Half95) HalfWidths(long stepsAhead)
    {
        (double previous80, double previous95) = (_meanAbsolute[0] * _k80[0], _meanAbsolute[0] * _k95[0]);
        long previousHorizon = 1;
        for (int bucket = 1; bucket < HorizonLayout.BucketCount && stepsAhead > previousHorizon; bucket++)
        {
            long horizon = _layout.Horizon(bucket);

            // An untrusted bucket widens like a random walk from the last trusted one; widths never shrink with horizon.
            double growth = Math.Sqrt((double)horizon / previousHorizon);
            bool trusted = _samples[bucket] >= MinimumSamples;
            double half80 = Math.Max(previous80, trusted ? _meanAbsolute[bucket] * _k80[bucket] : previous80 * growth);
            double half95 = Math.Max(previous95, trusted ? _meanAbsolute[bucket] * _k95[bucket] : previous95 * growth);
            if (stepsAhead <= horizon)
            {
                double fraction = (double)(stepsAhead - previousHorizon) / (horizon - previousHorizon);
                return (previous80 + ((half80 - previous80) * fraction), previous95 + ((half95 - previous95) * fraction));
            }

            (previous80, previous95, previousHorizon) = (half80, half95, horizon);
        }

        double beyond = stepsAhead > previousHorizon ? Math.Sqrt((double)stepsAhead / previousHorizon) : 1;
        return (previous80 * beyond, previous95 * beyond);
    }

    /// <summary>
    /// The mean absolute error at <paramref name="stepsAhead"/>, interpolated between tracked horizons; NaN until the
    /// nearest tracked horizon at or beyond it has <see cref="MinimumSamples"/> errors (beyond a day: the day's).
    /// </summary>
    public double MeanAbsoluteError(long stepsAhead)
    {
        long previousHorizon = 1;
        double previous = _samples[0] >= 1 ? _meanAbsolute[0] : double.NaN;
        for (int bucket = 1; bucket < HorizonLayout.BucketCount && stepsAhead > previousHorizon; bucket++)
        {
            long horizon = _layout.Horizon(bucket);
            double current = _samples[bucket] >= MinimumSamples ? _meanAbsolute[bucket] : double.NaN;
            if (stepsAhead <= horizon)
            {
                double fraction = (double)(stepsAhead - previousHorizon) / (horizon - previousHorizon);
                return previous + ((current - previous) * fraction);
            }

            (previous, previousHorizon) = (current, horizon);
        }

        return previous;
    }

    public void WriteTo(BinaryWriter writer)
    {
        for (int bucket = 0; bucket < HorizonLayout.BucketCount; bucket++)
        {
            writer.Write(_meanAbsolute[bucket]);
            writer.Write(_k80[bucket]);
            writer.Write(_k95[bucket]);
            writer.Write(_samples[bucket]);
        }

        _probes.WriteTo(writer);
    }

    public void ReadFrom(BinaryReader reader, string typeName)
    {
        for (int bucket = 0; bucket < HorizonLayout.BucketCount; bucket++)
        {
            _meanAbsolute[bucket] = reader.ReadDouble();
            _k80[bucket] = reader.ReadDouble();
            _k95[bucket] = reader.ReadDouble();
            _samples[bucket] = reader.ReadInt32();
            if (!(_meanAbsolute[bucket] >= 0) || !double.IsFinite(_meanAbsolute[bucket]) || !(_k80[bucket] > 0) || !(_k95[bucket] >= _k80[bucket])
                || !double.IsFinite(_k95[bucket]) || _samples[bucket] < 0 || _samples[bucket] > _layout.Memory(bucket))
            {
                throw Snapshot.Invalid(typeName, "horizon error quantiles out of range");
            }
        }

        _probes.ReadFrom(reader, typeName);
    }

    private void Record(int bucket, double error)
    {
        double absolute = Math.Abs(error);
        if (_meanAbsolute[bucket] > 0)
        {
            double relative = absolute / _meanAbsolute[bucket];
            _k80[bucket] = Math.Max(0.05, _k80[bucket] + (QuantileStep * ((relative > _k80[bucket] ? 1 : 0) - 0.20)));
            _k95[bucket] = Math.Max(_k80[bucket], _k95[bucket] + (QuantileStep * ((relative > _k95[bucket] ? 1 : 0) - 0.05)));
        }

        // A running mean until the bucket's memory is reached, then an exponential average.
        int samples = Math.Min(_samples[bucket] + 1, _layout.Memory(bucket));
        _samples[bucket] = samples;
        _meanAbsolute[bucket] += (absolute - _meanAbsolute[bucket]) / samples;
    }
}
