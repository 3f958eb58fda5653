using Orleans.Concurrency;
using Juno.Contracts.Policies;

namespace Juno.Contracts.Grains;

/// <summary>Where replica policies are trained and evaluated: CPU-heavy work kept off the registry, one per silo core.</summary>
[Alias("juno.IPolicyLabGrain")]
public interface IPolicyLabGrain : IGrainWithIntegerKey
{
    /// <summary>Trains <paramref name="version"/> and hands the network to the registry when done (or the error).
    /// One-way: training takes longer than a grain call may.</summary>
    [Alias("Train"), OneWay]
    Task Train(string version, PolicyTrainingRequest request);

    /// <summary>Scores the stored networks (<paramref name="networks"/>: version -> Mlp bytes) beside the baselines.</summary>
    [Alias("Evaluate")]
    Task<PolicyEvaluationRow[]> Evaluate(PolicyEvaluationRequest request, Dictionary<string, byte[]> networks);
}
