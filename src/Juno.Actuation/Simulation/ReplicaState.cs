namespace Juno.Actuation.Simulation;

/// <summary>A deployment's pods at one instant. <paramref name="LastRestartCompleted"/> is when the most
/// recent rollout restart finished replacing pods, if one had by then.</summary>
internal readonly record struct ReplicaState(int Desired, int Ready, DateTimeOffset? LastRestartCompleted);
