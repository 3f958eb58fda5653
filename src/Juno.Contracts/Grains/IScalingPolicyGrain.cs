using Orleans.Concurrency;
using Juno.Contracts.Policies;

namespace Juno.Contracts.Grains;

/// <summary>The registry of replica-policy versions, one for the whole deployment (key <see cref="RegistryKey"/>):
/// their networks, roles (incumbent, candidate, shadow), training, evaluation and live performance.</summary>
[Alias("juno.IScalingPolicyGrain")]
public interface IScalingPolicyGrain : IGrainWithStringKey
{
    public const string RegistryKey = "policies";

    [Alias("List")]
    Task<PolicyVersion[]> List();

    /// <summary>Read by every workload on every decision: read-only, so these calls interleave.</summary>
    [Alias("GetRollout"), ReadOnly]
    Task<PolicyRollout> GetRollout();

    /// <summary>The version's network as ONNX, for the inference batcher to load.</summary>
    /// <exception cref="PolicyNotFoundException">No such version, or it has no network (builtin, training, failed).</exception>
    [Alias("GetModel"), ReadOnly]
    Task<byte[]> GetModel(string version);

    /// <summary>Records a new version as training and starts training it in the background.</summary>
    [Alias("Train")]
    Task<PolicyVersion> Train(PolicyTrainingRequest request);

    [Alias("CompleteTraining")]
    Task CompleteTraining(string version, byte[] network, PolicyTrainingSummary summary);

    [Alias("ChangeRole")]
    Task<PolicyVersion> ChangeRole(string version, PolicyRoleRequest request);

    /// <summary>Reads the networks, then waits on the lab: interleaves, so workloads' rollout reads don't queue behind it.</summary>
    [Alias("Evaluate"), AlwaysInterleave]
    Task<PolicyEvaluation> Evaluate(PolicyEvaluationRequest request);

    [Alias("Record"), OneWay]
    Task Record(PolicyTally[] tallies);

    [Alias("GetPerformance"), ReadOnly]
    Task<PolicyPerformance[]> GetPerformance();
}
