namespace Juno.Intelligence;

/// <summary>
/// Reads the shape of a metric's current excursion from its recent history. With A = ExcursionSigmas and z the signed
/// robust residual, the excursion is the run of newest samples with the same sign as the newest and |z| ≥ A/2. In order:
/// <list type="number">
/// <item>Newest |z| &lt; A/2: Spike if a sample within the newest 2·SpikeMaxSamples reached |z| ≥ A and at most
/// SpikeMaxSamples of them were at |z| ≥ A/2 (it came and went), else None.</item>
/// <item>Drop: the newest z ≤ −A and every sample of the run at z ≤ −A already sat at or below DropRatio × expected
/// (with expected &gt; 0), so the fall was sharp and deep rather than a decline.</item>
/// <item>Spike: the run is at most SpikeMaxSamples long. A spike is provisional: a longer run is retyped below.</item>
/// <item>SeasonalBreak: with the day's average expectation L (see <see cref="MetricHistory"/>), averaged over the run,
/// the seasonal part s = expected − L is at least A scales and the value sits near L: |value − L| ≤
/// SeasonalExplainedFraction · |value − expected|. The deviation is what remains when the hour-of-day part fails to
/// happen (a lunch peak that never came, a night trough that stayed busy).</item>
/// <item>Trend or LevelShift, from the values in the type window less the daily cycle's offset
/// (<see cref="MetricHistory.SeasonalOffset"/>, once a day of expectations is in): the best "flat, then ramp" fit (one
/// hinge, a plain line included) against the best "flat, then flat" fit (one step), both by least squares over every
/// split point. Trend when the ramp fits better, climbs in the excursion's direction and rises at least A scales over
/// its span; otherwise LevelShift.</item>
/// </list>
/// Values rather than residuals carry the shape because a detector's level follows a shift or a ramp, which would turn
/// a ramp's residual flat and a shift's residual into a decay; the daily cycle comes off so that an offset held through
/// the morning rise doesn't read as a ramp.
/// </summary>
internal static class AnomalyTypeClassifier
{
    public static AnomalyType Classify(MetricHistory history, long nowMs, DiagnoserOptions options)
    {
        int available = history.CountWithin(nowMs, options.TypeWindow.TotalMilliseconds);
        if (available == 0)
        {
            return AnomalyType.None;
        }

        double sigmas = options.ExcursionSigmas;
        double newest = history.DeviationAt(0);
        if (Math.Abs(newest) < sigmas / 2)
        {
            return CameAndWent(history, available, options) ? AnomalyType.Spike : AnomalyType.None;
        }

        int run = 0;
        while (run < available && Math.Sign(history.DeviationAt(run)) == Math.Sign(newest)
            && Math.Abs(history.DeviationAt(run)) >= sigmas / 2)
        {
            run++;
        }

        if (IsDrop(history, run, options))
        {
            return AnomalyType.Drop;
        }

        if (run <= options.SpikeMaxSamples)
        {
            return AnomalyType.Spike;
        }

        if (IsSeasonalBreak(history, run, options))
        {
            return AnomalyType.SeasonalBreak;
        }

        return RampFitsBetterThanStep(history, available, newest, sigmas) ? AnomalyType.Trend : AnomalyType.LevelShift;
    }

    private static bool CameAndWent(MetricHistory history, int available, DiagnoserOptions options)
    {
        int look = Math.Min(available, 2 * options.SpikeMaxSamples);
        int elevated = 0;
        bool reached = false;
        for (int back = 0; back < look; back++)
        {
            double size = Math.Abs(history.DeviationAt(back));
            elevated += size >= options.ExcursionSigmas / 2 ? 1 : 0;
            reached |= size >= options.ExcursionSigmas;
        }

        return reached && elevated <= options.SpikeMaxSamples;
    }

    private static bool IsDrop(MetricHistory history, int run, DiagnoserOptions options)
    {
        if (history.DeviationAt(0) > -options.ExcursionSigmas)
        {
            return false;
        }

        for (int back = 0; back < run; back++)
        {
            double expected = history.ExpectedAt(back);
            bool excursion = history.DeviationAt(back) <= -options.ExcursionSigmas;
            if (excursion && !(expected > 0 && history.ValueAt(back) <= options.DropRatio * expected))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsSeasonalBreak(MetricHistory history, int run, DiagnoserOptions options)
    {
        if (!history.TryDailyLevel(out double dailyLevel))
        {
            return false;
        }

        double deviation = 0, seasonal = 0;
        for (int back = 0; back < run; back++)
        {
            deviation += history.ValueAt(back) - history.ExpectedAt(back);
            seasonal += history.ExpectedAt(back) - dailyLevel;
        }

        deviation /= run;
        seasonal /= run;
        double fromDailyLevel = deviation + seasonal;
        return Math.Abs(seasonal) >= options.ExcursionSigmas * history.LastScale
            && Math.Abs(fromDailyLevel) <= options.SeasonalExplainedFraction * Math.Abs(deviation);
    }

    private static bool RampFitsBetterThanStep(MetricHistory history, int available, double newest, double sigmas)
    {
        int n = available;
        if (n < 4)
        {
            return false;
        }

        var minutes = new double[n];
        var values = new double[n];
        long oldest = history.TimestampAt(n - 1);
        for (int i = 0; i < n; i++)
        {
            int back = n - 1 - i;
            minutes[i] = (history.TimestampAt(back) - oldest) / 60_000.0;
            values[i] = history.ValueAt(back) - history.SeasonalOffset(history.TimestampAt(back));
        }

        var regressor = new double[n];
        double bestStep = double.PositiveInfinity;
        for (int split = 2; split <= n - 2; split++)
        {
            for (int i = 0; i < n; i++)
            {
                regressor[i] = i >= split ? 1 : 0;
            }

            bestStep = Math.Min(bestStep, LeastSquares.Fit(regressor, values).ResidualSumOfSquares);
        }

        double bestRamp = double.PositiveInfinity;
        double rise = 0;
        for (int split = 0; split <= n - 3; split++)
        {
            for (int i = 0; i < n; i++)
            {
                regressor[i] = Math.Max(0, minutes[i] - minutes[split]);
            }

            LeastSquares fit = LeastSquares.Fit(regressor, values);
            if (fit.ResidualSumOfSquares < bestRamp)
            {
                bestRamp = fit.ResidualSumOfSquares;
                rise = fit.Slope * (minutes[n - 1] - minutes[split]);
            }
        }

        return bestRamp < bestStep
            && Math.Sign(rise) == Math.Sign(newest)
            && Math.Abs(rise) >= sigmas * history.LastScale;
    }
}
