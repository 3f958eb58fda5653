namespace Juno.Evaluation.Runner;

/// <summary>Nanoseconds per sample of the first pass (JIT warm-up included) and of the fastest repeated pass.</summary>
internal sealed record DetectorCost(double FirstPassNanoseconds, double WarmNanoseconds);
