namespace Juno.Intelligence.Tests;

/// <summary>
/// Drives an <see cref="EntityDiagnoser"/> with one scrape batch per minute: every metric is observed at the same
/// timestamp, by default as seeded Gaussian noise around an expected 100 with scale 2.
/// </summary>
internal sealed class DiagnoserFeed(int seed, EntityDiagnoser? diagnoser = null, long last = Synthetic.Start - Synthetic.MinuteMs)
{
    public const double Expected = 100;
    public const double Scale = 2;

    private readonly Random _rng = new(seed);

    public EntityDiagnoser Diagnoser { get; } = diagnoser ?? new EntityDiagnoser();

    /// <summary>Timestamp of the latest batch.</summary>
    public long Last { get; private set; } = last;

    public void Noise(int minutes)
    {
        for (int i = 0; i < minutes; i++)
        {
            Batch(static (_, noise) => noise);
        }
    }

    /// <summary>One batch; <paramref name="deviation"/> gets each metric and its noise and returns its robust z.</summary>
    public void Batch(Func<int, double, double> deviation)
    {
        Last += Synthetic.MinuteMs;
        for (int m = 0; m < EntityDiagnoser.Metrics; m++)
        {
            double z = deviation(m, Synthetic.Gaussian(_rng));
            Diagnoser.Observe(m, new MetricObservation(Last, Expected + (z * Scale), Expected, Scale, DetectorScore(z)));
        }
    }

    /// <summary>One batch with exact deviations and no noise.</summary>
    public void Batch(params double[] deviations) => Batch((m, _) => deviations[m]);

    /// <summary>One batch where <paramref name="metric"/> has the given sample and the others are noise.</summary>
    public void Batch(int metric, double value, double expected, double scale)
    {
        Last += Synthetic.MinuteMs;
        for (int m = 0; m < EntityDiagnoser.Metrics; m++)
        {
            MetricObservation observation = m == metric
                ? new(Last, value, expected, scale, DetectorScore((value - expected) / scale))
                : Noise(Last);
            Diagnoser.Observe(m, observation);
        }
    }

    public EntityDiagnosis Diagnose() => Diagnoser.Diagnose(Last);

    public double Gaussian() => Synthetic.Gaussian(_rng);

    private MetricObservation Noise(long timestampMs)
    {
        double z = Synthetic.Gaussian(_rng);
        return new(timestampMs, Expected + (z * Scale), Expected, Scale, DetectorScore(z));
    }

    // The detector's default calibration, so observations carry plausible scores.
    private static double DetectorScore(double z) => 1 / (1 + Math.Exp(-(Math.Abs(z) - 6.5)));
}
