namespace Juno.Evaluation.Nab;

/// <summary>A loaded NAB corpus: every series with its windows (ordered by name) and the scoring profiles.</summary>
public sealed record NabCorpus(IReadOnlyList<LabelledSeries> Series, IReadOnlyList<NabProfile> Profiles)
{
    public int Rows => Series.Sum(s => s.Count);

    public int Windows => Series.Sum(s => s.Windows.Count);

    public NabProfile Profile(string name) =>
        Profiles.FirstOrDefault(p => p.Name == name)
        ?? throw new KeyNotFoundException($"No NAB profile named '{name}'.");
}
