using Juno.Contracts.Grains;
using Juno.Contracts.Keys;
using Juno.Contracts.Telemetry;
using Juno.Contracts.Threats;
using Juno.Grains.Modelling;

namespace Juno.Benchmarks;

/// <summary>Bytes of managed memory per active workload grain: activates N grains, gives each a day of
/// one-minute samples for all five metrics (so every model is fully populated), forces a full GC, and
/// divides the heap growth by N. Also prints the checkpoint size one grain writes to storage. A second set of N
/// grains also gets two days of behaviour samples (every 5 minutes), so its threat detector is warm: the cost of
/// threat detection per entity that reports behaviour.</summary>
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

        var behaviour = TwoDaysOfBehaviour();
        var beforeThreats = HeapAfterFullCollection();
        await Activate(silo.Grains, "guarded", grains, samples, behaviour);
        var afterThreats = HeapAfterFullCollection();

        Console.WriteLine();
        Console.WriteLine("| active workload grains | metric samples each | behaviour samples each | heap growth (MiB) | bytes per grain | checkpoint bytes per grain (metric models) |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: |");
        Console.WriteLine($"| {grains:N0} | {samples.Length:N0} | 0 | {(after - before) / 1048576.0:F1} | {(after - before) / grains:N0} | {checkpoint:N0} |");
        Console.WriteLine($"| {grains:N0} | {samples.Length:N0} | {behaviour.Length:N0} | {(afterThreats - beforeThreats) / 1048576.0:F1} | {(afterThreats - beforeThreats) / grains:N0} | {checkpoint:N0} |");
    }

    private static async Task Activate(IGrainFactory factory, string prefix, int count, MetricSample[] samples, BehaviourSample[]? behaviour = null)
    {
        const int Parallel = 64;
        for (var start = 0; start < count; start += Parallel)
        {
            var calls = new List<Task>(Parallel);
            for (var i = start; i < Math.Min(count, start + Parallel); i++)
            {
                var key = EntityKeys.Workload("bench", "bench", prefix, $"w{i}");
                var grain = factory.GetGrain<IWorkloadGrain>(key);
                calls.Add(behaviour is null
                    ? grain.Ingest(new SampleBatch(samples))
                    : Task.WhenAll(grain.Ingest(new SampleBatch(samples)), grain.AnalyzeBehaviour(new BehaviourBatch(behaviour))));
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

    /// <summary>Ordinary, demand-shaped behaviour with seeded noise: enough to warm the detector (288 samples).</summary>
    private static BehaviourSample[] TwoDaysOfBehaviour()
    {
        var random = new Random(7);
        var start = DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
        var samples = new BehaviourSample[2 * 288];
        for (var i = 0; i < samples.Length; i++)
        {
            var at = start + i * 300_000L;
            var load = 1 + (0.5 * Math.Sin(2 * Math.PI * (at % 86_400_000L) / 86_400_000.0));
            double Noisy(double mean) => mean * load * (0.9 + (0.2 * random.NextDouble()));
            samples[i] = new BehaviourSample(at, Math.Round(Noisy(200)), 5, Math.Round(Noisy(3e8)), random.Next(0, 2), 0, Math.Round(Noisy(30)), 0.4 * load);
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
