using Juno.Evaluation.Nab;

namespace Juno.Evaluation.Runner;

/// <summary>A detector's name, its result under each profile, and its cost (null for the reference rows, which cost nothing).</summary>
internal sealed record DetectorResult(string Name, IReadOnlyList<ProfileResult> Profiles, DetectorCost? Cost = null);
