namespace Juno.Intelligence;

/// <summary>
/// Streaming additive Holt-Winters (damped trend, one seasonal cycle of <see cref="HoltWintersOptions.SeasonLength"/>
/// steps) over fixed steps, with empirically calibrated prediction intervals.
/// </summary>
/// <remarks>
/// <para>
/// Steps. Samples are bucketed by <c>floor(timestamp / step)</c> and averaged; the model updates when a later sample
/// closes the open step. Samples for an already-closed step are dropped. Seasonal slot = step index mod season length,
/// so with the default 5-minute step the season is aligned to UTC days.
/// </para>
/// <para>
/// First season. The seasonal array doubles as storage for the first season's raw step means while a simple
/// exponentially smoothed level forecasts; once a full season has closed the raw means become mean-zero offsets
/// around their mean (<see cref="SeasonalityLearned"/>) and Holt-Winters proper takes over.
/// </para>
/// <para>
/// Gaps. Missing steps are filled with the one-step forecast (the state advances as if each forecast had been
/// observed exactly: the level follows the damped trend, seasonal offsets stay), in closed form, so a gap costs O(1).
/// The carry is bounded: at most one season is extrapolated, and a longer gap also zeroes the trend — a slope seen a
/// day before an outage says little afterwards. Pending horizon probes are dropped: their targets were never observed.
/// </para>
/// <para>
/// Intervals. The error variance at horizons of 1 step, 1/96, 1/24, 1/4 and 1 season is tracked from the forecaster's
/// own past forecasts (<see cref="HorizonErrorTracker"/>), interpolated linearly in between, forced non-decreasing in
/// the horizon, and extrapolated beyond the tracked range (or into a bucket without enough history) with the additive
/// Holt-Winters variance growth 1 + sum c_j^2, c_j = alpha(1 + beta * (phi + ... + phi^j)) + gamma(1 - alpha)[j mod m = 0].
/// Intervals are Gaussian: mean ± 1.2816 sd (80%) and ± 1.9600 sd (95%). Before any error has been seen they are
/// degenerate (zero width).
/// </para>
/// </remarks>
public sealed class HoltWintersForecaster
{
    private const byte FormatVersion = 1;
    private const string TypeName = nameof(HoltWintersForecaster);
    private const double Z80 = 1.2815515655446004;
    private const double Z95 = 1.959963984540054;

    private readonly HoltWintersOptions _options;
    private readonly float[] _season;
    private readonly HorizonErrorTracker _errors;
    private double _level;
    private double _trend;
    private long _openStep;
    private double _openSum;
    private int _openCount;
    private long _closedSteps;
    private long _lastTimestampMs;

    public HoltWintersForecaster(HoltWintersOptions? options = null)
    {
        _options = options ?? HoltWintersOptions.Default;
        _options.Validate();
        _season = new float[_options.SeasonLength];
        _errors = new HorizonErrorTracker(HorizonLayout.For(_options.SeasonLength));
    }

    public HoltWintersOptions Options => _options;

    /// <summary>True once a full season of steps has closed and the seasonal profile is in use.</summary>
    public bool SeasonalityLearned => _closedSteps >= _options.SeasonLength;

    /// <summary>Latest sample timestamp seen (0 before any).</summary>
    public long LastTimestampMs => _lastTimestampMs;

    /// <summary>Adds a sample; it counts towards the mean of its step.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN or infinite; the forecaster is unchanged.</exception>
    public void Observe(long timestampMs, double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "Forecaster input must be finite.");
        }

        long step = StepOf(timestampMs);
        if (_openCount == 0 && _closedSteps == 0)
        {
            _openStep = step;
            _lastTimestampMs = timestampMs;
        }
        else if (step < _openStep)
        {
            return;
        }
        else if (step > _openStep)
        {
            CloseStep(_openStep, _openSum / _openCount);
            SkipSteps(_openStep + 1, step - _openStep - 1);
            _openStep = step;
            _openSum = 0;
            _openCount = 0;
        }

        _openSum += value;
        _openCount++;
        _lastTimestampMs = Math.Max(_lastTimestampMs, timestampMs);
    }

    /// <summary>Forecast for the step containing <c>LastTimestampMs + horizon</c>.</summary>
    public ForecastPoint Forecast(TimeSpan horizon)
    {
        if (horizon < TimeSpan.Zero || horizon > _options.MaxHorizon)
        {
            throw new ArgumentOutOfRangeException(nameof(horizon), horizon, $"Must be within [0, {_options.MaxHorizon}].");
        }

        long target = _lastTimestampMs + (long)horizon.TotalMilliseconds;
        if (_closedSteps == 0)
        {
            double partial = _openCount == 0 ? 0 : _openSum / _openCount;
            return new ForecastPoint(target, partial, partial, partial, partial, partial);
        }

        long lastClosedStep = _openStep - 1;
        long targetStep = StepOf(target);
        long stepsAhead = Math.Max(1, targetStep - lastClosedStep);
        double mean = PointForecast(lastClosedStep, stepsAhead);
        double sd = Math.Sqrt(VarianceAt(stepsAhead));
        return new ForecastPoint(target, mean, mean - (Z80 * sd), mean + (Z80 * sd), mean - (Z95 * sd), mean + (Z95 * sd));
    }

    public void WriteTo(BinaryWriter writer)
    {
        Snapshot.WriteVersion(writer, FormatVersion);
        HoltWintersOptions.Write(writer, _options);
        writer.Write(_level);
        writer.Write(_trend);
        writer.Write(_openStep);
        writer.Write(_openSum);
        writer.Write(_openCount);
        writer.Write(_closedSteps);
        writer.Write(_lastTimestampMs);
        Snapshot.WriteFloats(writer, _season);
        _errors.WriteTo(writer);
    }

    public static HoltWintersForecaster ReadFrom(BinaryReader reader)
    {
        Snapshot.ReadVersion(reader, FormatVersion, TypeName);
        var forecaster = new HoltWintersForecaster(HoltWintersOptions.Read(reader))
        {
            _level = reader.ReadDouble(),
            _trend = reader.ReadDouble(),
            _openStep = reader.ReadInt64(),
            _openSum = reader.ReadDouble(),
            _openCount = reader.ReadInt32(),
            _closedSteps = reader.ReadInt64(),
            _lastTimestampMs = reader.ReadInt64(),
        };
        if (forecaster._openCount < 0 || forecaster._closedSteps < 0
            || !double.IsFinite(forecaster._level) || !double.IsFinite(forecaster._trend) || !double.IsFinite(forecaster._openSum))
        {
            throw Snapshot.Invalid(TypeName, "state out of range");
        }

        Snapshot.ReadFloats(reader, forecaster._season, TypeName);
        forecaster._errors.ReadFrom(reader, TypeName);
        return forecaster;
    }

    private void CloseStep(long step, double actual)
    {
        if (SeasonalityLearned)
        {
            UpdateHoltWinters(step, actual);
        }
        else
        {
            UpdateFirstSeason(step, actual);
        }
    }

    private void UpdateFirstSeason(long step, double actual)
    {
        if (_closedSteps == 0)
        {
            _level = actual;
        }
        else
        {
            _errors.Observe(step, actual, _level);
            _level += _options.Alpha * (actual - _level);
        }

        _season[SeasonSlot(step)] = (float)actual;
        CountClosedStep();
    }

    private void UpdateHoltWinters(long step, double actual)
    {
        int slot = SeasonSlot(step);
        double seasonal = _season[slot];
        double forecast = _level + (_options.Phi * _trend) + seasonal;
        double limit = _options.ClipSigmas * _errors.OneStepSigma;
        double bounded = limit > 0 ? forecast + Math.Clamp(actual - forecast, -limit, limit) : actual;
        _errors.Observe(step, actual, forecast);

        double previousLevel = _level;
        double alpha = _options.Alpha;
        double beta = _options.Beta;
        double gamma = _options.Gamma;
        _level = (alpha * (bounded - seasonal)) + ((1 - alpha) * (previousLevel + (_options.Phi * _trend)));
        _trend = (beta * (_level - previousLevel)) + ((1 - beta) * _options.Phi * _trend);
        _season[slot] = (float)((gamma * (bounded - _level)) + ((1 - gamma) * seasonal));
        _closedSteps++;

        for (int bucket = 1; bucket < HorizonLayout.BucketCount; bucket++)
        {
            if (_errors.IsProbeDue(bucket, step))
            {
                _errors.StoreProbe(bucket, step, PointForecast(step, _errors.Layout.Horizon(bucket)));
            }
        }
    }

    private void SkipSteps(long firstMissingStep, long count)
    {
        if (count <= 0)
        {
            return;
        }

        _errors.ClearProbes();
        long step = firstMissingStep;
        while (count > 0 && !SeasonalityLearned)
        {
            // The first season's slots must all hold a value before they're turned into offsets.
            _season[SeasonSlot(step)] = (float)_level;
            CountClosedStep();
            step++;
            count--;
        }

        if (count == 0)
        {
            return;
        }

        // Carry the forecast across at most one season; beyond that hold the level and drop the trend.
        long carried = Math.Min(count, _options.SeasonLength);
        _level += _trend * DampedSum(carried);
        _trend = count > _options.SeasonLength ? 0 : _trend * Math.Pow(_options.Phi, count);
        _closedSteps += count;
    }

    private void CountClosedStep()
    {
        _closedSteps++;
        if (_closedSteps != _options.SeasonLength)
        {
            return;
        }

        double sum = 0;
        foreach (float raw in _season)
        {
            sum += raw;
        }

        double mean = sum / _season.Length;
        for (int i = 0; i < _season.Length; i++)
        {
            _season[i] = (float)(_season[i] - mean);
        }

        _level = mean;
        _trend = 0;
    }

    private double PointForecast(long originStep, long stepsAhead)
    {
        if (!SeasonalityLearned)
        {
            return _level;
        }

        return _level + (_trend * DampedSum(stepsAhead)) + _season[SeasonSlot(originStep + stepsAhead)];
    }

    private double VarianceAt(long stepsAhead)
    {
        _errors.TryGetVariance(0, out double previous);
        long previousHorizon = 1;
        if (stepsAhead <= previousHorizon)
        {
            return previous;
        }

        for (int bucket = 1; bucket < HorizonLayout.BucketCount; bucket++)
        {
            long horizon = _errors.Layout.Horizon(bucket);
            double variance = _errors.TryGetVariance(bucket, out double tracked)
                ? Math.Max(tracked, previous)
                : previous * VarianceGrowth(horizon) / VarianceGrowth(previousHorizon);
            if (stepsAhead <= horizon)
            {
                double fraction = (double)(stepsAhead - previousHorizon) / (horizon - previousHorizon);
                return previous + ((variance - previous) * fraction);
            }

            previous = variance;
            previousHorizon = horizon;
        }

        return previous * VarianceGrowth(stepsAhead) / VarianceGrowth(previousHorizon);
    }

    // Additive Holt-Winters h-step variance relative to the one-step variance (Hyndman et al. 2008, class 1 models).
    private double VarianceGrowth(long stepsAhead)
    {
        double alpha = _options.Alpha;
        bool seasonal = SeasonalityLearned;
        double trendWeight = seasonal ? alpha * _options.Beta : 0;
        double seasonalWeight = seasonal ? _options.Gamma * (1 - alpha) : 0;
        double growth = 1;
        double phiPower = 1;
        double phiSum = 0;
        for (long j = 1; j < stepsAhead; j++)
        {
            phiPower *= _options.Phi;
            phiSum += phiPower;
            double c = alpha + (trendWeight * phiSum) + (j % _options.SeasonLength == 0 ? seasonalWeight : 0);
            growth += c * c;
        }

        return growth;
    }

    // phi + phi^2 + ... + phi^n: how far a damped trend carries over n steps.
    private double DampedSum(long steps)
    {
        double phi = _options.Phi;
        return phi >= 1 ? steps : phi * (1 - Math.Pow(phi, steps)) / (1 - phi);
    }

    private long StepOf(long timestampMs) =>
        Math.DivRem(timestampMs, _options.StepMilliseconds, out long remainder) - (remainder < 0 ? 1 : 0);

    private int SeasonSlot(long step)
    {
        long m = _options.SeasonLength;
        return (int)(((step % m) + m) % m);
    }
}
