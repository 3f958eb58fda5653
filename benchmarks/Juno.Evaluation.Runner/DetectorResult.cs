using Juno.Evaluation.Nab;

namespace Juno.Evaluation.Runner;

/// <summary>A detector's name and its result under each profile.</summary>
internal sealed record DetectorResult(string Name, IReadOnlyList<ProfileResult> Profiles);
