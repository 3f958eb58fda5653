using BenchmarkDotNet.Running;
using Juno.Benchmarks;

// dotnet run -c Release --project benchmarks/Juno.Benchmarks -- memory [grains]
// dotnet run -c Release --project benchmarks/Juno.Benchmarks -- decisions [proposals]
// dotnet run -c Release --project benchmarks/Juno.Benchmarks -- inference [seconds per row]
// dotnet run -c Release --project benchmarks/Juno.Benchmarks -- inference-grain <batch> <seconds>   (to attach a profiler)
// dotnet run -c Release --project benchmarks/Juno.Benchmarks -- --filter '*' [BenchmarkDotNet options]
if (args is ["memory", ..])
{
    await GrainMemoryHarness.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5_000);
    return;
}

if (args is ["inference-grain", var batch, var seconds])
{
    await InferenceHarness.RunGrainPathOnlyAsync(int.Parse(batch, System.Globalization.CultureInfo.InvariantCulture), double.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture));
    return;
}

if (args is ["inference", ..])
{
    await InferenceHarness.RunAsync(args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1.0);
    return;
}

if (args is ["decisions", ..])
{
    await DecisionLatencyHarness.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 2_000);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(IngestBenchmarks).Assembly).Run(args);
