using Juno.Contracts.Grains;
using Juno.Contracts.Keys;
using Juno.Contracts.Telemetry;
using Juno.Grains.Modelling;

namespace Juno.Benchmarks;

/// <summary>Bytes of managed memory per active workload grain: activates N grains, gives each a day of
/// one-minute samples for all five metrics (so every model is fully populated), forces a full GC, and
/// divides the heap growth by N. Also prints the checkpoint size one grain writes to storage.</summary>
internal static class GrainMemoryHarness
{
    public static async Task RunAsync(int grains)
    {
        await using var silo = await BenchmarkSilo.StartAsync();
        var samples = DaySamples();
        await Activate(silo.Grains, "warmup", 100, samples);

        var before = HeapAfterFullCollection();
        await Activate(silo.Grains, "measured", grains, samples);
        var after = HeapAfterFullCollection();

        var models = new EntityModels();
        models.Ingest(samples);
        var checkpoint = models.Save().Length;

        Console.WriteLine();
        Console.WriteLine("| active workload grains | samples each | heap growth (MiB) | bytes per grain | checkpoint bytes per grain |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: |");
        Console.WriteLine($"| {grains:N0} | {samples.Length:N0} | {(after - before) / 1048576.0:F1} | {(after - before) / grains:N0} | {checkpoint:N0} |");
    }

    private static async Task Activate(IGrainFactory factory, string prefix, int count, MetricSample[] samples)
    {
        const int Parallel = 64;
        for (var start = 0; start < count; start += Parallel)
        {
            var calls = new List<Task>(Parallel);
            for (var i = start; i < Math.Min(count, start + Parallel); i++)
            {
                var key = EntityKeys.Workload("bench", "bench", prefix, $"w{i}");
                calls.Add(factory.GetGrain<IWorkloadGrain>(key).Ingest(new SampleBatch(samples)));
            }

            await Task.WhenAll(calls);
        }
    }

    private static MetricSample[] DaySamples()
    {
        const int Minutes = 24 * 60;
        var start = DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
        var samples = new MetricSample[Minutes * MetricKinds.Count];
        var n = 0;
        for (var minute = 0; minute < Minutes; minute++)
        {
            var at = start + minute * 60_000L;
            foreach (var metric in MetricKinds.All)
            {
                samples[n++] = new MetricSample(metric, at, Synthetic.Value(metric, at));
            }
        }

        return samples;
    }

    private static long HeapAfterFullCollection()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
