namespace Juno.Intelligence.Tests;

public sealed class ScalingSimulatorTests
{
    private static readonly ScalingSimulationOptions Workload = ScalingSimulationOptions.Default;

    [Fact]
    public void LoadFollowsTheQueueingModel()
    {
        Assert.Equal((100.0, 0.0, 0.5), ScalingSimulator.Load(100, 2, Workload));  // rho 0.5: 50 / (1 - 0.5)
        (double latency, double errors, double cpu) = ScalingSimulator.Load(300, 2, Workload);
        Assert.Equal(50 / (1 - 0.99), latency, 9);
        Assert.Equal(0.5 / 1.5, errors, 12);
        Assert.Equal(1.5, cpu);
        Assert.Equal(1.0, ScalingSimulator.Load(10, 0, Workload).ErrorRate);
        Assert.Equal(0.0, ScalingSimulator.Load(0, 0, Workload).ErrorRate);
    }

    [Fact]
    public void PodsTakeTrafficOnlyAfterTheStartupDelayAndAreBilledFromTheDecision()
    {
        // Demand jumps from 50 to 350 req/s at minute 10; the policy asked for 5 pods after minute 9. With 2 minutes of
        // startup they take traffic from minute 11, so minute 10 runs on one pod (overloaded), then five carry it.
        double[] rates = [.. Enumerable.Range(0, 20).Select(m => m < 10 ? 50.0 : 350.0)];
        var trace = new DemandTrace("step", 0, rates);
        var policy = new StepPolicy(atMinute: 9, replicas: 5);

        ScalingOutcome outcome = ScalingSimulator.Run(trace, policy, Workload, scoreFrom: 0, initialReplicas: 1);

        // Minute 10: one ready pod at 350% -> a violation; from minute 11 on, 5 pods at 70%: fine.
        Assert.Equal(1, outcome.ViolationMinutes);
        Assert.Equal(1, outcome.ScalingActions);
        Assert.Equal(((10 * 1) + (10 * 5)) * Workload.PodHourCost / 60, outcome.Cost, 12);
        Assert.Equal(3.0, outcome.MeanReplicas, 12);
    }

    [Fact]
    public void HpaFollowsTheControllerRules()
    {
        var hpa = new HpaPolicy();
        long t = 0;
        ScalingObservation At(double cpu, int desired, int ready) => new(t += 60_000, cpu * ready * 100, cpu, 0, 0, desired, ready);

        Assert.Equal(10, hpa.Decide(At(0.75, 10, 10)));      // within 10% of 70%: no change
        Assert.Equal(15, hpa.Decide(At(1.0, 10, 10)));       // ceil(10 x 1.0 / 0.7) = 15
        Assert.Equal(15, hpa.Decide(At(1.0, 15, 10)));       // 5 pods starting count as idle: 10 / (15 x 0.7) -> 0.95
        Assert.Equal(15, hpa.Decide(At(0.35, 15, 15)));      // half the target, but the last 5 minutes held 15
        for (int i = 0; i < 5; i++)
        {
            _ = hpa.Decide(At(0.35, 15, 15));
        }

        Assert.Equal(8, hpa.Decide(At(0.35, 15, 15)));       // the window has passed: ceil(15 x 0.5) = 8
        Assert.Equal(6, new HpaPolicy().Decide(At(2.0, 2, 2))); // ceil(2 x 2 / 0.7) = 6, limit max(4, 2 + 4) = 6
        Assert.Equal(7, new HpaPolicy().Decide(At(2.0, 3, 3))); // ceil(3 x 2 / 0.7) = 9, limited to max(2 x 3, 3 + 4) = 7
    }

    [Fact]
    public void ForecastDrivenProvisioningMeetsADailyRampThatTheHpaChases()
    {
        // Three weeks of a working day: 200 req/s overnight, a morning rush from 08:00 that reaches 1,800 req/s in 20
        // minutes (faster than pods start), back down from 18:00 over an hour.
        const int Days = 21;
        static double Rate(int minuteOfDay) => minuteOfDay switch
        {
            < 480 => 200,
            < 500 => 200 + (1600 * (minuteOfDay - 480) / 20.0),
            < 1080 => 1800,
            < 1140 => 1800 - (1600 * (minuteOfDay - 1080) / 60.0),
            _ => 200,
        };
        double[] rates = [.. Enumerable.Range(0, Days * 1440).Select(m => Rate(m % 1440))];
        var trace = new DemandTrace("daily", 0, rates);
        int scoreFrom = 14 * 1440;
        ScalingOutcome hpa = ScalingSimulator.Run(trace, new HpaPolicy(), Workload, scoreFrom, 10);
        ScalingOutcome forecast = ScalingSimulator.Run(trace, new ForecastPolicy(Workload), Workload, scoreFrom, 10);

        ScalingOutcome oracle = ScalingSimulator.Run(trace, new OraclePolicy(trace, Workload), Workload, scoreFrom, 10);
        Assert.True(forecast.ViolationMinutes < hpa.ViolationMinutes, $"forecast {forecast.ViolationMinutes} vs HPA {hpa.ViolationMinutes} violation minutes");
        Assert.Equal(0, oracle.ViolationMinutes);
        Assert.True(oracle.Cost < Math.Min(hpa.Cost, forecast.Cost), $"oracle {oracle.Cost:F2}, HPA {hpa.Cost:F2}, forecast {forecast.Cost:F2}");
        Assert.Equal(ScalingSimulator.Run(trace, new ForecastPolicy(Workload), Workload, scoreFrom, 10), forecast);
    }

    [Fact]
    public void TracesAreScaledFromTheirCalibrationPartAndInterpolatedByMinute()
    {
        long[] times = [0, 30 * 60_000, 60 * 60_000, 90 * 60_000];
        DemandTrace trace = DemandTrace.FromSeries("t", times, [10, 20, 20, 40], peakRequestRate: 100, calibrationShare: 0.5);

        Assert.Equal(91, trace.Minutes);
        Assert.Equal(50, trace.RequestRates[0], 9);      // 10 of a calibration peak (99th percentile) of 20 -> 50
        Assert.Equal(75, trace.RequestRates[15], 9);     // half way from 10 to 20
        Assert.Equal(200, trace.RequestRates[90], 9);    // a later peak stays above the calibrated one
        Assert.Throws<ArgumentException>(() => new DemandTrace("bad", 0, [1, double.NaN]));
    }

    private sealed class StepPolicy(int atMinute, int replicas) : IScalingPolicy
    {
        private int _minute;

        public string Name => "step";

        public int Decide(in ScalingObservation observation) => _minute++ >= atMinute ? replicas : observation.DesiredReplicas;
    }
}
