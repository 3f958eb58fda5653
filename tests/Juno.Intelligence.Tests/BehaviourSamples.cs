using Juno.Intelligence;

namespace Juno.Intelligence.Tests;

/// <summary>
/// Seeded behavioural samples for the threat-detector tests: one mid-sized entity with a daily load cycle, and clear
/// attacks layered on top of it.
/// </summary>
internal sealed class BehaviourSamples(int seed)
{
    public const long Step = 5 * Synthetic.MinuteMs;
    public const int PerDay = (int)(Synthetic.DayMs / Step);

    private readonly Random _random = new(seed);

    public static long Time(int sample) => Synthetic.Start + (sample * Step);

    /// <summary>A normal sample at <paramref name="sample"/>; returns its CPU utilisation.</summary>
    public double Normal(int sample, Span<double> signals)
    {
        double hour = 24.0 * (sample % PerDay) / PerDay;
        double load = (1 + (0.5 * Math.Cos(2 * Math.PI * (hour - 14) / 24))) / 1.5 * Math.Exp(0.08 * Synthetic.Gaussian(_random));
        double connections = Math.Round(300 * load * Math.Exp(0.05 * Synthetic.Gaussian(_random)));
        signals[(int)BehaviourSignal.ConnectionsOpened] = connections;
        signals[(int)BehaviourSignal.DistinctDestinations] = Math.Round(20 * Math.Sqrt(load) * Math.Exp(0.1 * Synthetic.Gaussian(_random)));
        signals[(int)BehaviourSignal.EgressBytes] = Math.Round(2e6 * load * Math.Exp(0.25 * Synthetic.Gaussian(_random)));
        signals[(int)BehaviourSignal.AuthFailures] = _random.NextDouble() < 0.02 ? 1 : 0;
        signals[(int)BehaviourSignal.PrivilegedProcessStarts] = 0;
        signals[(int)BehaviourSignal.DnsQueries] = Math.Round(3 + (0.4 * connections));
        return Math.Clamp(0.1 + (0.3 * load) + (0.02 * Synthetic.Gaussian(_random)), 0.01, 1);
    }

    /// <summary>Feeds <paramref name="samples"/> normal samples from <paramref name="first"/> on; returns the first sample not fed.</summary>
    public int Feed(ThreatDetector detector, int first, int samples)
    {
        var signals = new double[BehaviourSignals.Count];
        for (int sample = first; sample < first + samples; sample++)
        {
            double cpu = Normal(sample, signals);
            detector.Assess(Time(sample), signals, cpu);
        }

        return first + samples;
    }

    /// <summary>A normal sample at <paramref name="sample"/> with a blatant attack of <paramref name="attack"/> on top; returns its CPU.</summary>
    public double Attack(int sample, ThreatClass attack, double[] signals)
    {
        double cpu = Normal(sample, signals);
        switch (attack)
        {
            case ThreatClass.Intrusion:
                signals[(int)BehaviourSignal.AuthFailures] += 150;
                signals[(int)BehaviourSignal.DistinctDestinations] += 200;
                signals[(int)BehaviourSignal.ConnectionsOpened] += 600;
                return cpu;
            case ThreatClass.Exfiltration:
                signals[(int)BehaviourSignal.EgressBytes] += 60e6;
                signals[(int)BehaviourSignal.DistinctDestinations] += 1;
                return cpu;
            case ThreatClass.CryptoMining:
                signals[(int)BehaviourSignal.ConnectionsOpened] += 3;
                signals[(int)BehaviourSignal.DistinctDestinations] += 1;
                signals[(int)BehaviourSignal.DnsQueries] += 4;
                return 0.97;
            case ThreatClass.PrivilegeMisuse:
                signals[(int)BehaviourSignal.PrivilegedProcessStarts] += 25;
                return cpu;
            default:
                throw new ArgumentOutOfRangeException(nameof(attack), attack, "Not an attack class.");
        }
    }
}
