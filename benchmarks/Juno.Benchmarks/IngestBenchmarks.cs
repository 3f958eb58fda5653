using BenchmarkDotNet.Attributes;
using Juno.Contracts.Grains;
using Juno.Contracts.Keys;
using Juno.Contracts.Telemetry;

namespace Juno.Benchmarks;

/// <summary>Samples per second through one grain call per batch, with detection and forecast updates.
/// Divide the mean by BatchSize for the per-sample cost, and Allocated by BatchSize for bytes per sample.</summary>
[MemoryDiagnoser]
public class IngestBenchmarks
{
    private BenchmarkSilo _silo = null!;
    private IWorkloadGrain _grain = null!;
    private MetricSample[] _samples = null!;
    private long _nextTimestamp;

    [Params(1, 100, 1000)]
    public int BatchSize { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _silo = await BenchmarkSilo.StartAsync();
        _grain = _silo.Grains.GetGrain<IWorkloadGrain>(EntityKeys.Workload("bench", "bench", "shop", $"ingest-{BatchSize}"));
        _samples = new MetricSample[BatchSize];
        _nextTimestamp = DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
        await Ingest();
    }

    [GlobalCleanup]
    public async Task Cleanup() => await _silo.DisposeAsync();

    [Benchmark]
    public Task<IngestResult> Ingest()
    {
        // Each sample must be newer than the last of its metric, or the grain drops it as stale.
        for (var i = 0; i < _samples.Length; i++)
        {
            var metric = (MetricKind)(i % MetricKinds.Count);
            _samples[i] = new MetricSample(metric, _nextTimestamp, Synthetic.Value(metric, _nextTimestamp));
            if (metric == MetricKind.RequestRate || i == _samples.Length - 1)
            {
                _nextTimestamp += 10_000;
            }
        }

        return _grain.Ingest(new SampleBatch(_samples));
    }
}
