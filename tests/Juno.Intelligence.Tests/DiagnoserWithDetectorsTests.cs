namespace Juno.Intelligence.Tests;

/// <summary>The diagnoser fed by real <see cref="RobustSeasonalDetector"/>s, the way an entity grain wires them.</summary>
public sealed class DiagnoserWithDetectorsTests
{
    private const int Memory = 1;
    private const int Latency = 2;
    private const int Errors = 3;

    // Typical levels and noise per metric: cpu, memory, latency p95 ms, error rate, request rate.
    private static readonly double[] Levels = [0.5, 40, 120, 0.02, 200];
    private static readonly double[] Noise = [0.02, 0.3, 3, 0.001, 5];

    [Fact]
    public void LatencyAndErrorsShiftingTogetherIsAUserFacingLevelShiftLedByLatency()
    {
        var entity = new Entity(seed: 40);
        entity.Run(minutes: 360, (_, _) => 0);

        EntityDiagnosis diagnosis = entity.Run(minutes: 15, (m, _) => m == Latency ? 60 : m == Errors ? 0.015 : 0);

        Assert.Equal(AnomalyType.LevelShift, diagnosis.Type);
        Assert.Equal([Latency, Errors], diagnosis.Drivers.Select(d => d.Metric).Order());
        Assert.Equal(AnomalySeverity.Critical, diagnosis.Severity);
    }

    [Fact]
    public void MemoryLeakIsATrendAndItsSlopeIsMeasured()
    {
        var entity = new Entity(seed: 41);
        entity.Run(minutes: 360, (_, _) => 0);

        EntityDiagnosis diagnosis = entity.Run(minutes: 60, (m, minute) => m == Memory ? 0.2 * minute : 0);

        Assert.Equal(AnomalyType.Trend, diagnosis.Type);
        Assert.Equal(Memory, diagnosis.Drivers[0].Metric);
        Assert.Equal(0.2, entity.Diagnoser.Slope(Memory), tolerance: 0.03);
    }

    private sealed class Entity(int seed)
    {
        private readonly Random _rng = new(seed);
        private readonly RobustSeasonalDetector[] _detectors =
            [new(), new(), new(), new(), new()];

        private long _now = Synthetic.Start;

        public EntityDiagnoser Diagnoser { get; } = new();

        /// <summary>Minute scrapes of level + offset(metric, minute) + noise; returns the diagnosis after the last.</summary>
        public EntityDiagnosis Run(int minutes, Func<int, int, double> offset)
        {
            for (int minute = 1; minute <= minutes; minute++)
            {
                _now += Synthetic.MinuteMs;
                for (int m = 0; m < EntityDiagnoser.Metrics; m++)
                {
                    double value = Levels[m] + offset(m, minute) + (Noise[m] * Synthetic.Gaussian(_rng));
                    RobustSeasonalDetector detector = _detectors[m];

                    // Expected and scale read just before the update are what the sample is scored against (give or take
                    // the hour-of-day offset moving on a minute); a detector still warming up has nothing to say yet.
                    double expected = detector.Baseline;
                    double scale = detector.Scale;
                    double score = detector.Update(_now, value);
                    if (detector.Count > detector.Options.WarmupSamples)
                    {
                        Diagnoser.Observe(m, new MetricObservation(_now, value, expected, scale, score));
                    }
                }
            }

            return Diagnoser.Diagnose(_now);
        }
    }
}
