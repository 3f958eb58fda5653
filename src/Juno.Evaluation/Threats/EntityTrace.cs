namespace Juno.Evaluation.Threats;

/// <summary>
/// One entity's generated samples in time order: <see cref="Signals"/> is row-major, <see cref="Juno.Intelligence.BehaviourSignals.Count"/>
/// values a sample in <see cref="Juno.Intelligence.BehaviourSignal"/> order; <see cref="Cpu"/> one utilisation a sample.
/// </summary>
public sealed class EntityTrace(
    int index, string name, double[] signals, double[] cpu, bool[] benignBurst, AttackEpisode? episode, bool[]? benignSurge = null)
{
    public int Index { get; } = index;

    public string Name { get; } = name;

    public double[] Signals { get; } = signals;

    public double[] Cpu { get; } = cpu;

    /// <summary>Samples inside a deploy or backup: unusual but normal, and not to be alerted.</summary>
    public bool[] BenignBurst { get; } = benignBurst;

    /// <summary>Samples inside a load surge (every volume scaled together): normal, and not to be alerted.</summary>
    public bool[] BenignSurge { get; } = benignSurge ?? new bool[cpu.Length];

    public AttackEpisode? Episode { get; } = episode;

    public int Count => Cpu.Length;

    public ReadOnlySpan<double> SignalsAt(int sample) =>
        Signals.AsSpan(sample * Juno.Intelligence.BehaviourSignals.Count, Juno.Intelligence.BehaviourSignals.Count);

    public bool IsAttack(int sample) => Episode is { } episode && episode.Contains(sample);
}
