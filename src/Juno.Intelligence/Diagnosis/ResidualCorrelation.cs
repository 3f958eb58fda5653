namespace Juno.Intelligence;

/// <summary>
/// Slowly tracked correlation between the metrics' robust z residuals, and the Mahalanobis statistic it defines.
/// </summary>
/// <remarks>
/// <para>
/// Tracking. An exponentially weighted second-moment matrix of residual vectors, M ← M + r·(c·cᵀ − M), where c is the
/// z vector clipped to ±<see cref="ClipSigmas"/> so one wild sample can't rewrite the correlation, and r = 1 − exp(−dt/τ)
/// (dt capped at τ; a plain running average for the first samples). Residuals are taken about zero, not about a
/// tracked mean: the detectors define "expected", and an offset from it is exactly what should score.
/// </para>
/// <para>
/// Scoring. Only correlations are taken from M, R_ij = M_ij / √(M_ii M_jj): the detectors already scale each residual
/// by its own robust sigma, and re-scaling by M_ii would blow up a metric whose residual sat near zero (an error rate
/// at its floor). R is shrunk towards the identity, S = (1 − λ)·R + λ·I with λ = λ₀ + (1 − λ₀)·k/(k + n) after n
/// updates (k = <see cref="PriorUpdates"/>), so a young estimate leans on independence. The statistic is
/// d² = zᵀ S⁻¹ z over the metrics given, solved by Cholesky; metric i's contribution is z_i (S⁻¹ z)_i, and the
/// contributions sum to d². Two metrics that usually move together and do so again count roughly once (for ρ = 0.8,
/// z = (3, 3) gives d² = 10 rather than 18), while the same pair moving apart counts more than twice.
/// </para>
/// </remarks>
internal sealed class ResidualCorrelation
{
    public const double ClipSigmas = 4;
    public const double PriorUpdates = 30;

    private readonly double[] _secondMoment = new double[EntityMetrics.Count * EntityMetrics.Count];
    private long _updates;
    private long _lastUpdateMs;

    public long Updates => _updates;

    /// <summary>Learns from one residual vector; NaN marks a metric without a fresh residual, whose pairs are skipped.</summary>
    public void Update(long timestampMs, ReadOnlySpan<double> deviations, TimeSpan timeConstant)
    {
        double tauMs = timeConstant.TotalMilliseconds;
        double elapsedMs = Math.Clamp(timestampMs - _lastUpdateMs, 0, tauMs);
        double rate = Math.Max(1.0 / (_updates + 1), 1 - Math.Exp(-elapsedMs / tauMs));
        for (int i = 0; i < EntityMetrics.Count; i++)
        {
            if (double.IsNaN(deviations[i]))
            {
                continue;
            }

            double ci = Math.Clamp(deviations[i], -ClipSigmas, ClipSigmas);
            for (int j = 0; j < EntityMetrics.Count; j++)
            {
                if (double.IsNaN(deviations[j]))
                {
                    continue;
                }

                double cj = Math.Clamp(deviations[j], -ClipSigmas, ClipSigmas);
                ref double m = ref _secondMoment[(i * EntityMetrics.Count) + j];
                m += rate * ((ci * cj) - m);
            }
        }

        _updates++;
        _lastUpdateMs = timestampMs;
    }

    /// <summary>The shrunk correlation between two metrics, as used for scoring.</summary>
    public double Correlation(int i, int j, double shrinkage)
    {
        if (i == j)
        {
            return 1;
        }

        double lambda = shrinkage + ((1 - shrinkage) * PriorUpdates / (PriorUpdates + _updates));
        double mii = _secondMoment[(i * EntityMetrics.Count) + i];
        double mjj = _secondMoment[(j * EntityMetrics.Count) + j];
        double raw = mii > 1e-12 && mjj > 1e-12 ? _secondMoment[(i * EntityMetrics.Count) + j] / Math.Sqrt(mii * mjj) : 0;
        return (1 - lambda) * Math.Clamp(raw, -1, 1);
    }

    /// <summary>
    /// d² = zᵀ S⁻¹ z over <paramref name="metrics"/> (z given per metric index in <paramref name="deviations"/>), writing
    /// each listed metric's contribution to <paramref name="contributions"/> (indexed like <paramref name="metrics"/>).
    /// </summary>
    public double Mahalanobis(
        ReadOnlySpan<int> metrics, ReadOnlySpan<double> deviations, Span<double> contributions, double shrinkage)
    {
        int k = metrics.Length;
        Span<double> lower = stackalloc double[EntityMetrics.Count * EntityMetrics.Count];
        for (int i = 0; i < k; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                lower[(i * k) + j] = Correlation(metrics[i], metrics[j], shrinkage);
            }
        }

        // With λ > 0, S is a convex mix of a correlation estimate (positive semi-definite) and I, so it is positive
        // definite and the factorisation can't fail; the guard only covers rounding.
        for (int i = 0; i < k; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double sum = lower[(i * k) + j];
                for (int p = 0; p < j; p++)
                {
                    sum -= lower[(i * k) + p] * lower[(j * k) + p];
                }

                lower[(i * k) + j] = i == j ? Math.Sqrt(Math.Max(sum, 1e-9)) : sum / lower[(j * k) + j];
            }
        }

        // Solve L y = z, then Lᵀ w = y, so w = S⁻¹ z.
        Span<double> w = stackalloc double[EntityMetrics.Count];
        for (int i = 0; i < k; i++)
        {
            double sum = deviations[metrics[i]];
            for (int p = 0; p < i; p++)
            {
                sum -= lower[(i * k) + p] * w[p];
            }

            w[i] = sum / lower[(i * k) + i];
        }

        for (int i = k - 1; i >= 0; i--)
        {
            double sum = w[i];
            for (int p = i + 1; p < k; p++)
            {
                sum -= lower[(p * k) + i] * w[p];
            }

            w[i] = sum / lower[(i * k) + i];
        }

        double statistic = 0;
        for (int i = 0; i < k; i++)
        {
            contributions[i] = deviations[metrics[i]] * w[i];
            statistic += contributions[i];
        }

        return Math.Max(0, statistic);
    }

    public void WriteTo(BinaryWriter writer)
    {
        writer.Write(_updates);
        writer.Write(_lastUpdateMs);
        foreach (double m in _secondMoment)
        {
            writer.Write(m);
        }
    }

    public static ResidualCorrelation ReadFrom(BinaryReader reader, string typeName)
    {
        var correlation = new ResidualCorrelation { _updates = reader.ReadInt64(), _lastUpdateMs = reader.ReadInt64() };
        for (int i = 0; i < correlation._secondMoment.Length; i++)
        {
            double m = reader.ReadDouble();
            correlation._secondMoment[i] = double.IsFinite(m)
                ? m
                : throw Snapshot.Invalid(typeName, "non-finite correlation");
        }

        if (correlation._updates < 0)
        {
            throw Snapshot.Invalid(typeName, "negative correlation update count");
        }

        return correlation;
    }
}
