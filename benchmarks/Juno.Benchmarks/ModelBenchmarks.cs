using BenchmarkDotNet.Attributes;
using Juno.Contracts.Telemetry;
using Juno.Grains.Modelling;

namespace Juno.Benchmarks;

/// <summary>The hot path without Orleans: one entity's five metric models applying 1000 samples.
/// Allocated must read "-" (zero): the per-sample path allocates nothing.</summary>
[MemoryDiagnoser]
public class ModelBenchmarks
{
    private const int Samples = 1000;
    private readonly EntityModels _models = new();
    private readonly MetricSample[] _batch = new MetricSample[Samples];
    private long _nextTimestamp = 1_767_225_600_000;

    [Benchmark(OperationsPerInvoke = Samples)]
    public IngestResult DetectAndForecastPerSample()
    {
        for (var i = 0; i < _batch.Length; i++)
        {
            var metric = (MetricKind)(i % MetricKinds.Count);
            _batch[i] = new MetricSample(metric, _nextTimestamp, Synthetic.Value(metric, _nextTimestamp));
            if (metric == MetricKind.RequestRate)
            {
                _nextTimestamp += 10_000;
            }
        }

        return _models.Ingest(_batch);
    }
}
