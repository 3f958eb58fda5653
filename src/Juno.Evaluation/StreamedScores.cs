namespace Juno.Evaluation;

/// <summary>A detector's scores for each series (row-aligned) and the time the detector spent producing them.</summary>
public sealed record StreamedScores(IReadOnlyList<double[]> Scores, long Samples, TimeSpan Elapsed)
{
    public double NanosecondsPerSample => Samples == 0 ? 0 : Elapsed.TotalNanoseconds / Samples;
}
