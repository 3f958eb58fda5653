namespace Juno.Intelligence;

/// <summary>
/// Streaming exponential smoothing with daily and weekly seasonality (Taylor's double-seasonal model), a correction
/// for how long a surprise persists, empirically calibrated intervals, and a per-series choice, per horizon, between
/// the double-seasonal model and a daily-only one by their recent errors.
/// </summary>
/// <remarks>
/// <para>
/// Point forecast for step T made at step t: level + day[T mod D] (+ week[T mod W]) + rho_(T-t) * r_t, where r_t is the
/// latest one-step residual and rho_k the residuals' autocorrelation at lag k, learned online per lag
/// (<see cref="ResidualAutocorrelation"/>). Demand that runs above its usual shape this morning tends to stay above it
/// for a while (weather, an event), and the residual term carries that into the next hours while the profiles carry
/// the shape.
/// </para>
/// <para>
/// Two candidates learn side by side (<see cref="SmoothingCandidate"/>): with and without the day-of-week profile. A week
/// of one series is mostly noise until several weeks have been seen, and some series have no weekly shape at all, so
/// each forecast comes from the candidate with the lower mean absolute error at that horizon so far.
/// </para>
/// <para>
/// <see cref="SeasonalForecasterOptions.Multiplicative"/> models log(1 + value): seasonal swings scale with the level,
/// as demand does. Robustness: residuals are clipped to <see cref="SeasonalForecasterOptions.ClipSigmas"/> robust
/// standard deviations before they update anything, so a holiday or an outage moves a profile slot a bounded amount.
/// Steps: samples are averaged per step, aligned to the epoch (profiles align with UTC days and weeks); a sample for a
/// closed step is ignored; when the open step holds samples, forecasts use its partial mean as the latest residual.
/// Intervals: half-widths from <see cref="HorizonQuantiles"/>. Per update: no allocation.
/// </para>
/// </remarks>
public sealed class SeasonalForecaster
{
    private const byte FormatVersion = 1;
    private const string TypeName = nameof(SeasonalForecaster);

    private readonly SeasonalForecasterOptions _options;
    private readonly SmoothingCandidate _daily;
    private readonly SmoothingCandidate? _weekly;
    private long _openStep;
    private double _openSum;
    private int _openCount;
    private long _lastTimestampMs;

    public SeasonalForecaster(SeasonalForecasterOptions? options = null)
    {
        _options = options ?? SeasonalForecasterOptions.Default;
        _options.Validate();
        _daily = new SmoothingCandidate(_options, weekly: false);
        _weekly = _options.Omega > 0 ? new SmoothingCandidate(_options, weekly: true) : null;
    }

    public SeasonalForecasterOptions Options => _options;

    /// <summary>True once a full day of steps has closed: every time-of-day slot has been seen.</summary>
    public bool SeasonalityLearned => _daily.ClosedSteps >= _options.StepsPerDay;

    /// <summary>Latest sample timestamp seen (0 before any).</summary>
    public long LastTimestampMs => _lastTimestampMs;

    /// <summary>Whether forecasts at <paramref name="horizon"/> currently come from the day-of-week candidate.</summary>
    public bool UsesWeeklyAt(TimeSpan horizon) => Choose(Math.Max(1, (long)(horizon / _options.Step))) == _weekly;

    /// <summary>Adds a sample; it counts towards the mean of its step. Samples for a closed step are ignored.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN or infinite; the forecaster is unchanged.</exception>
    public void Observe(long timestampMs, double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "Forecaster input must be finite.");
        }

        long step = StepOf(timestampMs);
        if (_openCount == 0 && !_daily.HasClosedSteps)
        {
            _openStep = step;
        }
        else if (step < _openStep)
        {
            return;
        }
        else if (step > _openStep)
        {
            if (_openCount > 0)
            {
                double mean = _openSum / _openCount;
                _daily.Close(_openStep, mean);
                _weekly?.Close(_openStep, mean);
            }

            _openStep = step;
            _openSum = 0;
            _openCount = 0;
        }

        _openSum += ToModel(value);
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
        double? openMean = _openCount > 0 ? _openSum / _openCount : null;
        if (!_daily.HasClosedSteps)
        {
            double partial = FromModel(openMean ?? 0);
            return new ForecastPoint(target, partial, partial, partial, partial, partial);
        }

        long targetStep = StepOf(target);
        SmoothingCandidate chosen = Choose(targetStep - _daily.LastClosedStep);
        (double mean, double half80, double half95) = chosen.Forecast(targetStep, _openStep, openMean);
        return new ForecastPoint(
            target, FromModel(mean), FromModel(mean - half80), FromModel(mean + half80), FromModel(mean - half95), FromModel(mean + half95));
    }

    public void WriteTo(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Snapshot.WriteVersion(writer, FormatVersion);
        SeasonalForecasterOptions.Write(writer, _options);
        writer.Write(_openStep);
        writer.Write(_openSum);
        writer.Write(_openCount);
        writer.Write(_lastTimestampMs);
        _daily.WriteTo(writer);
        _weekly?.WriteTo(writer);
    }

    public static SeasonalForecaster ReadFrom(BinaryReader reader)
    {
        Snapshot.ReadVersion(reader, FormatVersion, TypeName);
        var forecaster = new SeasonalForecaster(SeasonalForecasterOptions.Read(reader, TypeName))
        {
            _openStep = reader.ReadInt64(),
            _openSum = reader.ReadDouble(),
            _openCount = reader.ReadInt32(),
            _lastTimestampMs = reader.ReadInt64(),
        };
        if (!double.IsFinite(forecaster._openSum) || forecaster._openCount < 0)
        {
            throw Snapshot.Invalid(TypeName, "open step out of range");
        }

        forecaster._daily.ReadFrom(reader, TypeName);
        forecaster._weekly?.ReadFrom(reader, TypeName);
        return forecaster;
    }

    // The weekly candidate once its error at this horizon is known and lower; the daily one otherwise.
    private SmoothingCandidate Choose(long stepsAhead)
    {
        if (_weekly is null)
        {
            return _daily;
        }

        double weekly = _weekly.Errors.MeanAbsoluteError(stepsAhead);
        double daily = _daily.Errors.MeanAbsoluteError(stepsAhead);
        return weekly < daily ? _weekly : _daily;
    }

    // Telemetry is non-negative; a negative value (a counter reset read as a delta) is taken as 0 in multiplicative mode.
    private double ToModel(double value) => _options.Multiplicative ? Math.Log(1 + Math.Max(0, value)) : value;

    private double FromModel(double value) => _options.Multiplicative ? Math.Exp(value) - 1 : value;

    private long StepOf(long timestampMs) =>
        Math.DivRem(timestampMs, _options.StepMilliseconds, out long remainder) - (remainder < 0 ? 1 : 0);
}
