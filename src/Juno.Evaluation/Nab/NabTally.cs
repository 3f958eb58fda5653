namespace Juno.Evaluation.Nab;

/// <summary>
/// A raw NAB score S with the counts behind it, for one series or summed over several (<c>+</c>).
/// <see cref="FalsePositives"/> counts detected rows outside windows after probation, as NAB's fp column does.
/// </summary>
public readonly record struct NabTally(double Score, int Windows, int DetectedWindows, int FalsePositives)
{
    public static NabTally operator +(NabTally left, NabTally right) => new(
        left.Score + right.Score,
        left.Windows + right.Windows,
        left.DetectedWindows + right.DetectedWindows,
        left.FalsePositives + right.FalsePositives);
}
