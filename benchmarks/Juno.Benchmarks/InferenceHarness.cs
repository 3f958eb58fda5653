using System.Diagnostics;
using Juno.Contracts.Grains;
using Juno.Inference;
using Juno.Intelligence;
using Microsoft.Extensions.DependencyInjection;

namespace Juno.Benchmarks;

/// <summary>
/// Inferences per second and per-call latency for the DQN-sized Q-network (10 -> 128 -> 64 -> 6) and the window
/// forecaster's network (52 -> 128 -> 128 -> 48), batch sizes 1 to 4,096: straight through an ONNX Runtime session
/// (1 and 2 intra-op threads), through the managed MLP (System.Numerics.Tensors), and through the grain path (the
/// inference batcher's batch call from concurrent callers, in a silo). Each row runs for about a second after warm-up.
/// </summary>
internal static class InferenceHarness
{
    private static readonly int[] Batches = [1, 16, 64, 256, 1024, 4096];

    /// <summary>Concurrent callers on the grain path: enough to keep both cores' workers busy while others wait on messages.</summary>
    private const int Callers = 8;

    public static async Task RunAsync(double secondsPerRow)
    {
        await using var silo = await BenchmarkSilo.StartAsync();
        var catalog = silo.Services.GetRequiredService<ModelCatalog>();
        var models = new (string Name, Mlp Network)[]
        {
            ("Q-network 10-128-64-6", new Mlp(7, 10, 128, 64, 6)),
            ("forecaster 52-128-128-48", new Mlp(7, 52, 128, 128, 48)),
        };
        Console.WriteLine($"| model | path | batch | inferences/s | p50 per call (µs) | p99 per call (µs) |");
        Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: |");
        foreach (var (name, network) in models)
        {
            var onnx = OnnxModelWriter.WriteMlp(network);
            var modelId = $"bench-{network.InputSize}";
            catalog.Register(modelId, onnx, network);
            var batcher = silo.Grains.GetGrain<IInferenceBatcher>(modelId);
            using var oneThread = new OnnxInferenceSession(onnx, InferenceDevice.Cpu, intraOpThreads: 1);
            using var twoThreads = new OnnxInferenceSession(onnx, InferenceDevice.Cpu, intraOpThreads: 2);
            foreach (var batch in Batches)
            {
                var input = Inputs(network.InputSize, batch);
                var output = new float[batch * network.OutputSize];
                Print(name, "ONNX Runtime session, 1 thread", batch, Measure(() => oneThread.Run(input, batch, output), batch, secondsPerRow));
                Print(name, "ONNX Runtime session, 2 threads", batch, Measure(() => twoThreads.Run(input, batch, output), batch, secondsPerRow));
                Print(name, "managed MLP", batch, Measure(() => network.ForwardBatch(input, batch, output), batch, secondsPerRow));
                Print(name, $"grain path ({Callers} callers, {catalog.Paths[modelId]})", batch, await MeasureGrainPathAsync(batcher, input, batch, secondsPerRow));
            }
        }
    }

    /// <summary>Only the grain path, Q-network, one batch size, for a while: what a profiler attaches to.</summary>
    public static async Task RunGrainPathOnlyAsync(int batch, double seconds)
    {
        await using var silo = await BenchmarkSilo.StartAsync();
        var network = new Mlp(7, 10, 128, 64, 6);
        silo.Services.GetRequiredService<ModelCatalog>().Register("profiled", OnnxModelWriter.WriteMlp(network), network);
        var result = await MeasureGrainPathAsync(silo.Grains.GetGrain<IInferenceBatcher>("profiled"), Inputs(10, batch), batch, seconds);
        Print("Q-network 10-128-64-6", $"grain path ({Callers} callers)", batch, result);
    }

    /// <summary>Callers each send their batch (one row through <c>Infer</c>, more through <c>InferBatch</c>) and await the
    /// answer, again and again; latency is per call, throughput is every caller's rows together.</summary>
    private static async Task<(double PerSecond, double P50, double P99)> MeasureGrainPathAsync(IInferenceBatcher batcher, float[] input, int batch, double seconds)
    {
        Func<Task> call = batch == 1 ? () => batcher.Infer(input) : () => batcher.InferBatch(input);
        for (var i = 0; i < 50; i++)
        {
            await call();
        }

        var started = Stopwatch.GetTimestamp();
        var perCaller = await Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => Task.Run(async () =>
        {
            var latencies = new List<double>();
            while (Stopwatch.GetElapsedTime(started).TotalSeconds < seconds)
            {
                var t = Stopwatch.GetTimestamp();
                await call();
                latencies.Add(Stopwatch.GetElapsedTime(t).TotalMicroseconds);
            }

            return latencies;
        })));
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var all = perCaller.SelectMany(l => l).Order().ToList();
        return (all.Count * (double)batch / elapsed, all[all.Count / 2], all[(int)(all.Count * 0.99)]);
    }

    private static (double PerSecond, double P50, double P99) Measure(Action run, int batch, double seconds)
    {
        for (var i = 0; i < 20; i++)
        {
            run();
        }

        var latencies = new List<double>();
        var started = Stopwatch.GetTimestamp();
        long calls = 0;
        while (Stopwatch.GetElapsedTime(started).TotalSeconds < seconds)
        {
            var t = Stopwatch.GetTimestamp();
            run();
            latencies.Add(Stopwatch.GetElapsedTime(t).TotalMicroseconds);
            calls++;
        }

        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        latencies.Sort();
        return (calls * batch / elapsed, latencies[latencies.Count / 2], latencies[(int)(latencies.Count * 0.99)]);
    }

    private static void Print(string model, string path, int batch, (double PerSecond, double P50, double P99) m) =>
        Console.WriteLine($"| {model} | {path} | {batch:N0} | {m.PerSecond:N0} | {m.P50:F1} | {m.P99:F1} |");

    private static float[] Inputs(int width, int batch)
    {
        var rng = new Random(3);
        return [.. Enumerable.Range(0, width * batch).Select(_ => (float)rng.NextDouble())];
    }
}
