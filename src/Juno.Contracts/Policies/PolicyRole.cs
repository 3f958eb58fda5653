namespace Juno.Contracts.Policies;

/// <summary>What a scaling-policy version does in the cluster.</summary>
[GenerateSerializer]
[Alias("juno.PolicyRole")]
public enum PolicyRole : byte
{
    /// <summary>Acts on every workload no candidate takes. Exactly one version is the incumbent.</summary>
    Incumbent = 0,

    /// <summary>Acts on its traffic share of workloads (chosen by a stable hash of the workload key): the B of an A/B test.</summary>
    Candidate = 1,

    /// <summary>Proposes on every workload and is scored against what the acting version did; never acts.</summary>
    Shadow = 2,

    /// <summary>Kept for rollback; does nothing.</summary>
    Retired = 3,

    /// <summary>Being trained; becomes retired (ready to be given a role) or failed.</summary>
    Training = 4,

    /// <summary>Training failed; kept with its error.</summary>
    Failed = 5,
}
