namespace Juno.Evaluation.Nab;

/// <summary>
/// The threshold a sweep chose and the raw corpus score S it gives. <see cref="Threshold"/> is +∞ when detecting
/// nothing scores best (NAB writes that threshold as 1.1). <see cref="Candidates"/> counts the thresholds evaluated.
/// </summary>
public readonly record struct ThresholdChoice(double Threshold, double Score, int Candidates)
{
    public bool DetectsNothing => double.IsPositiveInfinity(Threshold);
}
