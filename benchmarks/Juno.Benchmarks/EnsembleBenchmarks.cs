using BenchmarkDotNet.Attributes;
using Juno.Intelligence;

namespace Juno.Benchmarks;

/// <summary>
/// One metric's detector applying one sample, after warm-up (the forest's first window is full and the likelihood has
/// history): the full ensemble the grains run beside the seasonal detector alone. Allocated must read "-" (zero).
/// </summary>
[MemoryDiagnoser]
public class EnsembleBenchmarks
{
    private const int Samples = 4096;
    private const long StepMs = 60_000;
    private readonly double[] _values = new double[Samples];
    private EnsembleDetector _ensemble = null!;
    private RobustSeasonalDetector _seasonal = null!;
    private long _nextTimestamp;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(42);
        for (int i = 0; i < Samples; i++)
        {
            _values[i] = 200 + (80 * Math.Sin(i * StepMs / 86_400_000.0 * 2 * Math.PI)) + (4 * (rng.NextDouble() - 0.5));
        }

        _ensemble = new EnsembleDetector();
        _seasonal = new RobustSeasonalDetector();
        _nextTimestamp = 1_767_225_600_000;
        for (int pass = 0; pass < 2; pass++)
        {
            for (int i = 0; i < Samples; i++, _nextTimestamp += StepMs)
            {
                _ensemble.Update(_nextTimestamp, _values[i]);
                _seasonal.Update(_nextTimestamp, _values[i]);
            }
        }
    }

    [Benchmark(OperationsPerInvoke = Samples)]
    public double EnsembleUpdatePerSample()
    {
        double sum = 0;
        long t = _nextTimestamp;
        for (int i = 0; i < Samples; i++, t += StepMs)
        {
            sum += _ensemble.Update(t, _values[i]);
        }

        _nextTimestamp = t;
        return sum;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Samples)]
    public double SeasonalOnlyUpdatePerSample()
    {
        double sum = 0;
        long t = _nextTimestamp;
        for (int i = 0; i < Samples; i++, t += StepMs)
        {
            sum += _seasonal.Update(t, _values[i]);
        }

        _nextTimestamp = t;
        return sum;
    }
}
