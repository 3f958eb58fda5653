namespace Juno.Evaluation.Threats;

/// <summary>A generated fleet: every entity's trace, and the attack episodes among them.</summary>
public sealed record AttackSet(AttackSetOptions Options, IReadOnlyList<EntityTrace> Entities)
{
    public IEnumerable<AttackEpisode> Episodes => Entities.Select(e => e.Episode).OfType<AttackEpisode>();

    public long Samples => Entities.Sum(e => (long)e.Count);

    public long TimestampMs(int sample) => Options.StartMs + (sample * (long)Options.SampleInterval.TotalMilliseconds);
}
