namespace Juno.Contracts.Scaling;

/// <summary>What a capacity plan is computed for: one pod's capacity, how long a pod takes to serve, the utilisation
/// to provision at, the replica bounds, the price of a pod-hour and, optionally, a budget for the whole horizon.</summary>
[GenerateSerializer, Immutable]
[Alias("juno.CapacityPlanRequest")]
public sealed record CapacityPlanRequest(
    [property: Id(0)] double PodCapacity,
    [property: Id(1)] TimeSpan StartupDelay,
    [property: Id(2)] double TargetUtilisation,
    [property: Id(3)] int MinReplicas,
    [property: Id(4)] int MaxReplicas,
    [property: Id(5)] double PodHourCost,
    [property: Id(6)] double? Budget,
    [property: Id(7)] int Hours)
{
    public const int MaxHours = 7 * 24;
    public const int MaxReplicaBound = 10_000;

    /// <summary>The first problem with the request, or null when it can be planned.</summary>
    public string? Problem() =>
        !(PodCapacity > 0) || !double.IsFinite(PodCapacity) ? "podCapacity must be a positive number of requests per second"
        : StartupDelay < TimeSpan.Zero || StartupDelay > TimeSpan.FromHours(1) ? "startup must be between 0 and 3600 seconds"
        : !(TargetUtilisation is > 0 and <= 1) ? "targetUtilisation must be in (0, 1]"
        : MinReplicas < 1 || MaxReplicas < MinReplicas || MaxReplicas > MaxReplicaBound ? $"replicas must satisfy 1 <= minReplicas <= maxReplicas <= {MaxReplicaBound}"
        : !(PodHourCost >= 0) || !double.IsFinite(PodHourCost) ? "podHourCost must be a finite number >= 0"
        : Budget is { } budget && (!(budget > 0) || !double.IsFinite(budget)) ? "budget must be a positive number"
        : Hours is < 1 or > MaxHours ? $"hours must be between 1 and {MaxHours}"
        : null;
}

/// <summary>Replicas per hour for a workload, from its request-rate forecast.</summary>
/// <param name="ReplicaCap">When the budget could not pay for every hour's need: the most replicas any hour gets.</param>
/// <param name="WithinBudget">False when even the minimum replicas cost more than the budget.</param>
[GenerateSerializer, Immutable]
[Alias("juno.CapacityPlan")]
public sealed record CapacityPlan(
    [property: Id(0)] string Workload,
    [property: Id(1)] DateTimeOffset GeneratedAt,
    [property: Id(2)] CapacityPlanHour[] Hours,
    [property: Id(3)] double PodHours,
    [property: Id(4)] double Cost,
    [property: Id(5)] int? ReplicaCap,
    [property: Id(6)] bool WithinBudget,
    [property: Id(7)] string Basis);

/// <summary>One hour of a plan: the demand forecast over it (and over the startup delay after it), what it needs, what it gets.</summary>
/// <param name="Short">True when the plan gives fewer replicas than the hour needs (the budget or the replica bound).</param>
[GenerateSerializer, Immutable]
[Alias("juno.CapacityPlanHour")]
public sealed record CapacityPlanHour(
    [property: Id(0)] DateTimeOffset Start,
    [property: Id(1)] double DemandMean,
    [property: Id(2)] double DemandUpper80,
    [property: Id(3)] int NeededReplicas,
    [property: Id(4)] int Replicas,
    [property: Id(5)] bool Short);
