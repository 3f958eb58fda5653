using System.Globalization;
using BenchmarkDotNet.Attributes;
using Juno.Intelligence;

namespace Juno.Benchmarks;

/// <summary>
/// One warmed <see cref="ThreatDetector"/> assessing normal behaviour samples, the per-sample cost a workload grain
/// pays. The detector learns from every sample it accepts, so a regrowth of its forests every RebuildInterval
/// samples is included, amortised, as it is in a grain. Allocated must read "-" (zero): a normal verdict allocates
/// nothing. Run: dotnet run -c Release --project benchmarks/Juno.Benchmarks -- --filter '*ThreatBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
public class ThreatBenchmarks
{
    private const int Samples = 3 * 288;
    private const long StepMs = 300_000;
    private const int Signals = BehaviourSignals.Count;

    private readonly double[] _signals = new double[Samples * Signals];
    private readonly double[] _cpu = new double[Samples];
    private ThreatDetector _detector = null!;
    private long _nextTimestamp;

    /// <summary>Joint trees/ψ + per-feature trees/ψ: the former default, the same with 25 joint trees, and the default.</summary>
    [Params("100/256+8x25/128", "25/256+8x25/128", "25/256+8x25/64")]
    public string Configuration { get; set; } = "25/256+8x25/64";

    [GlobalSetup]
    public void Setup()
    {
        string[] parts = Configuration.Split('/', '+', 'x');
        var options = new ThreatDetectorOptions
        {
            TreeCount = int.Parse(parts[0], CultureInfo.InvariantCulture),
            SubsampleSize = int.Parse(parts[1], CultureInfo.InvariantCulture),
            MarginalTreeCount = int.Parse(parts[3], CultureInfo.InvariantCulture),
            MarginalSubsampleSize = int.Parse(parts[4], CultureInfo.InvariantCulture),
        };
        _detector = new ThreatDetector(options);
        var random = new Random(42);
        for (int i = 0; i < Samples; i++)
        {
            _cpu[i] = Normal(random, i, _signals.AsSpan(i * Signals, Signals));
        }

        // Three passes of three days (the samples repeat with the timestamps, hour for hour): past warm-up and several regrowths.
        _nextTimestamp = 1_767_225_600_000;
        for (int day = 0; day < 3; day++)
        {
            AssessNormalSample();
        }
    }

    [Benchmark(OperationsPerInvoke = Samples)]
    public double AssessNormalSample()
    {
        double score = 0;
        for (int i = 0; i < Samples; i++)
        {
            ThreatAssessment verdict = _detector.Assess(_nextTimestamp, _signals.AsSpan(i * Signals, Signals), _cpu[i]);
            score += verdict.Score;
            _nextTimestamp += StepMs;
        }

        return score;
    }

    // A mid-sized workload with a daily load cycle (five-minute samples, 288 a day); the same mix as the detector tests.
    private static double Normal(Random random, int sample, Span<double> signals)
    {
        double hour = 24.0 * (sample % 288) / 288;
        double load = (1 + (0.5 * Math.Cos(2 * Math.PI * (hour - 14) / 24))) / 1.5 * Math.Exp(0.08 * Gaussian(random));
        double connections = Math.Round(300 * load * Math.Exp(0.05 * Gaussian(random)));
        signals[(int)BehaviourSignal.ConnectionsOpened] = connections;
        signals[(int)BehaviourSignal.DistinctDestinations] = Math.Round(20 * Math.Sqrt(load) * Math.Exp(0.1 * Gaussian(random)));
        signals[(int)BehaviourSignal.EgressBytes] = Math.Round(2e6 * load * Math.Exp(0.25 * Gaussian(random)));
        signals[(int)BehaviourSignal.AuthFailures] = random.NextDouble() < 0.02 ? 1 : 0;
        signals[(int)BehaviourSignal.PrivilegedProcessStarts] = 0;
        signals[(int)BehaviourSignal.DnsQueries] = Math.Round(3 + (0.4 * connections));
        return Math.Clamp(0.1 + (0.3 * load) + (0.02 * Gaussian(random)), 0.01, 1);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
