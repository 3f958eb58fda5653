using Juno.Intelligence;

namespace Juno.Evaluation.Threats;

/// <summary>One injected attack: samples [Start, Start + Length) of one entity's trace.</summary>
/// <param name="Intensity">In [0, 1]; below <see cref="SubtleBelow"/> the attack is deliberately hard to see (see <see cref="AttackSetGenerator"/>).</param>
public sealed record AttackEpisode(int Entity, ThreatClass Class, int Start, int Length, double Intensity)
{
    public const double SubtleBelow = 0.25;

    public int End => Start + Length;

    public bool IsSubtle => Intensity < SubtleBelow;

    public bool Contains(int sample) => sample >= Start && sample < End;
}
