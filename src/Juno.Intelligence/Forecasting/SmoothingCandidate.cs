namespace Juno.Intelligence;

/// <summary>
/// One exponential-smoothing model of a <see cref="SeasonalForecaster"/> over closed steps: level, a time-of-day
/// profile, optionally a day-of-week profile, the residual's autocorrelation per lag, and its own error record per
/// horizon (which both sets its intervals and lets the forecaster pick between candidates).
/// </summary>
internal sealed class SmoothingCandidate
{
    // Mean absolute deviation to standard deviation for Gaussian noise: the clip is stated in standard deviations.
    private const double MadToSigma = 1.2533141373155003;

    private readonly SeasonalForecasterOptions _options;
    private readonly float[] _day;
    private readonly float[] _week;

    // Steps per day-of-week slot: the weekly profile is kept at half-hour resolution (day-of-week effects are smooth,
    // the time-of-day profile carries the fine shape), 336 slots instead of 2,016 at 5-minute steps.
    private readonly int _weekStride;
    private readonly double _omegaPerStep;
    private readonly ResidualAutocorrelation _residuals;
    private double _level;
    private long _lastClosedStep = long.MinValue;
    private long _firstClosedStep;

    public SmoothingCandidate(SeasonalForecasterOptions options, bool weekly)
    {
        _options = options;
        _day = new float[options.StepsPerDay];
        _weekStride = Math.Max(1, options.StepsPerDay / 48);
        _week = new float[weekly ? 7 * options.StepsPerDay / _weekStride : 0];

        // A slot is updated by each of its steps in a week; together they move it by omega, as one update would.
        _omegaPerStep = 1 - Math.Pow(1 - options.Omega, 1.0 / _weekStride);
        Array.Fill(_day, float.NaN);
        Array.Fill(_week, float.NaN);
        _residuals = new ResidualAutocorrelation(options.StepsPerDay);
        Errors = new HorizonQuantiles(HorizonLayout.For(options.StepsPerDay));
    }

    public HorizonQuantiles Errors { get; }

    public bool HasClosedSteps => _lastClosedStep != long.MinValue;

    public long LastClosedStep => _lastClosedStep;

    /// <summary>Steps since the first one closed, gaps included.</summary>
    public long ClosedSteps => HasClosedSteps ? _lastClosedStep - _firstClosedStep + 1 : 0;

    public double Persistence(long steps) => _residuals.Persistence(steps, _options.MaxResidualPersistence);

    public void Close(long step, double actual)
    {
        if (!HasClosedSteps)
        {
            _level = actual;
            _firstClosedStep = step;
        }
        else
        {
            long missing = step - _lastClosedStep - 1;
            if (missing > 0)
            {
                Errors.ClearProbes();
                for (long i = 0; i < Math.Min(missing, _residuals.MaxLag); i++)
                {
                    _residuals.Add(double.NaN);
                }
            }

            Errors.Observe(step, actual, Baseline(step) + ResidualTerm(_residuals.Latest, 1));
        }

        // Clip at a robust scale (the one-step mean absolute error); until there is one, take the residual whole.
        double residual = actual - Baseline(step);
        double limit = _options.ClipSigmas * MadToSigma * Errors.OneStepMeanAbsolute;
        double bounded = limit > 0 ? Math.Clamp(residual, -limit, limit) : residual;
        Learn(step, bounded);
        _residuals.Add(bounded);
        _lastClosedStep = step;

        for (int bucket = 1; bucket < HorizonLayout.BucketCount; bucket++)
        {
            if (Errors.IsProbeDue(bucket, step))
            {
                long horizon = Errors.Layout.Horizon(bucket);
                Errors.StoreProbe(bucket, step, Baseline(step + horizon) + ResidualTerm(_residuals.Latest, horizon));
            }
        }
    }

    /// <summary>The forecast for <paramref name="targetStep"/>, with the open step's partial mean when there is one.</summary>
    public (double Mean, double Half80, double Half95) Forecast(long targetStep, long openStep, double? openMean)
    {
        // The open step's partial mean is the freshest residual there is; otherwise the last closed step's.
        (long origin, double residual) = openMean is { } partial
            ? (openStep, partial - Baseline(openStep))
            : (_lastClosedStep, _residuals.Latest);
        double mean = Baseline(targetStep) + ResidualTerm(residual, targetStep - origin);
        (double half80, double half95) = Errors.HalfWidths(Math.Max(1, targetStep - _lastClosedStep));
        return (mean, half80, half95);
    }

    public void WriteTo(BinaryWriter writer)
    {
        writer.Write(_level);
        writer.Write(_lastClosedStep);
        writer.Write(_firstClosedStep);
        Snapshot.WriteFloats(writer, _day);
        Snapshot.WriteFloats(writer, _week);
        _residuals.WriteTo(writer);
        Errors.WriteTo(writer);
    }

    public void ReadFrom(BinaryReader reader, string typeName)
    {
        _level = reader.ReadDouble();
        _lastClosedStep = reader.ReadInt64();
        _firstClosedStep = reader.ReadInt64();
        if (!double.IsFinite(_level) || (HasClosedSteps && _firstClosedStep > _lastClosedStep))
        {
            throw Snapshot.Invalid(typeName, "level out of range");
        }

        Snapshot.ReadFloats(reader, _day, typeName);
        Snapshot.ReadFloats(reader, _week, typeName);
        _residuals.ReadFrom(reader, typeName);
        Errors.ReadFrom(reader, typeName);
    }

    // Taylor's updates in error-correction form: the level takes alpha of the residual, each profile slot its share of
    // what the level didn't. A time-of-day slot seen for the first time adopts the rest whole, so the daily shape is
    // there after a day; a day-of-week slot starts from omega of it, because one week of one series is mostly noise
    // (adopting it whole cost 5-10% MASE on the short traffic and tweet series and gained ~0.1% MAPE on the taxi).
    private void Learn(long step, double residual)
    {
        _level += _options.Alpha * residual;
        double remaining = (1 - _options.Alpha) * residual;
        int daySlot = Slot(step, _day.Length);
        if (float.IsNaN(_day[daySlot]))
        {
            _day[daySlot] = (float)remaining;
            remaining = 0;
        }
        else
        {
            _day[daySlot] += (float)(_options.Delta * remaining);
        }

        if (_week.Length > 0)
        {
            int weekSlot = WeekSlot(step);
            float week = float.IsNaN(_week[weekSlot]) ? 0 : _week[weekSlot];
            _week[weekSlot] = week + (float)(_omegaPerStep * remaining);
        }
    }

    private double ResidualTerm(double residual, long stepsAhead) =>
        double.IsNaN(residual) ? 0 : residual * Persistence(stepsAhead);

    private double Baseline(long step)
    {
        float day = _day[Slot(step, _day.Length)];
        double value = _level + (float.IsNaN(day) ? 0 : day);
        if (_week.Length > 0)
        {
            float week = _week[WeekSlot(step)];
            value += float.IsNaN(week) ? 0 : week;
        }

        return value;
    }

    private int WeekSlot(long step) => Slot(Math.DivRem(step, _weekStride, out long r) - (r < 0 ? 1 : 0), _week.Length);

    private static int Slot(long step, int length) => (int)(((step % length) + length) % length);
}
