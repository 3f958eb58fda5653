namespace Juno.Evaluation.Nab;

/// <summary>
/// A detector's result under one profile: the corpus-wide threshold, the corpus tally at that threshold, and the
/// tallies of each folder at the same threshold (NAB defines no per-folder threshold; folders just split the sum).
/// </summary>
public sealed record ProfileResult(
    NabProfile Profile, ThresholdChoice Threshold, NabTally Total, IReadOnlyDictionary<string, NabTally> ByFolder)
{
    public double? Normalised => NormalisedScore.Of(Total, Profile);
}
