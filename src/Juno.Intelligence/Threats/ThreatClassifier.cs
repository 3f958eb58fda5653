namespace Juno.Intelligence;

/// <summary>
/// Names the attack a threat's deviations resemble, and how sure and how severe it is. Rules, not a model: there are
/// no labelled attacks per entity to learn from, and a rule an operator can read is one they can argue with.
/// </summary>
/// <remarks>
/// <para>
/// Evidence per class, from upward robust z-scores u = clamp(z, 0, 10) (downward moves are not attack signs here):
/// Intrusion = u(auth failures) + u(distinct destinations) + ¼ u(connections) — brute force fails logins, scanning and
/// lateral movement fan out to new hosts. Exfiltration = max(u(egress), u(bytes per connection)) − ½ u(destinations)
/// − ½ u(auth failures) — many bytes over few connections to few places, without the fan-out or failed logins of an
/// intrusion. CryptoMining = u(cpu) + ¼ u(dns) − ½ u(egress)
/// − ½ u(destinations) − ½ u(auth failures) — the CPU is busy while the network stays steady apart from pool lookups.
/// PrivilegeMisuse = 1.25 u(privileged process starts) — weighted up because escalation attempts often fail a few
/// logins (sudo) too, and the privileged starts are the more telling sign. The class is the largest positive evidence;
/// <see cref="ThreatClass.None"/> when none is positive (an anomaly no pattern explains, such as traffic collapsing).
/// </para>
/// <para>
/// Confidence = strength × agreement × support: strength = ½ + ½ · clamp((score − threshold) / (high − threshold), 0, 1);
/// agreement = best evidence / sum of positive evidence (1 when a single pattern explains the sample); support =
/// min(1, best evidence / indicator deviation) (a pattern carried by a sub-indicator deviation is a weak explanation).
/// </para>
/// <para>
/// Severity: Low below <see cref="ThreatDetectorOptions.MediumScore"/>, Medium below <see cref="ThreatDetectorOptions.HighScore"/>,
/// else High; then one level up for Exfiltration and PrivilegeMisuse (data leaving and root access do the most lasting
/// harm), one level down for None (unexplained), unchanged for Intrusion and CryptoMining; clamped to Low..High.
/// </para>
/// </remarks>
internal static class ThreatClassifier
{
    private const int ClassCount = 5;

    public static ThreatClass Classify(
        ReadOnlySpan<double> deviations, double cpuDeviation, double bytesPerConnectionDeviation, out double agreement, out double bestEvidence)
    {
        double auth = Up(deviations[(int)BehaviourSignal.AuthFailures]);
        double destinations = Up(deviations[(int)BehaviourSignal.DistinctDestinations]);
        double connections = Up(deviations[(int)BehaviourSignal.ConnectionsOpened]);
        double egress = Up(deviations[(int)BehaviourSignal.EgressBytes]);
        double dns = Up(deviations[(int)BehaviourSignal.DnsQueries]);
        double privileged = Up(deviations[(int)BehaviourSignal.PrivilegedProcessStarts]);
        double cpu = Up(cpuDeviation);
        double bytesPerConnection = Up(bytesPerConnectionDeviation);

        Span<double> evidence = stackalloc double[ClassCount];
        evidence[(int)ThreatClass.Intrusion] = auth + destinations + (0.25 * connections);
        evidence[(int)ThreatClass.Exfiltration] = Math.Max(egress, bytesPerConnection) - (0.5 * destinations) - (0.5 * auth);
        evidence[(int)ThreatClass.CryptoMining] = cpu + (0.25 * dns) - (0.5 * egress) - (0.5 * destinations) - (0.5 * auth);
        evidence[(int)ThreatClass.PrivilegeMisuse] = 1.25 * privileged;

        var best = ThreatClass.None;
        double total = 0;
        bestEvidence = 0;
        for (int c = 1; c < ClassCount; c++)
        {
            if (evidence[c] > 0)
            {
                total += evidence[c];
                if (evidence[c] > bestEvidence)
                {
                    bestEvidence = evidence[c];
                    best = (ThreatClass)c;
                }
            }
        }

        agreement = total > 0 ? bestEvidence / total : 0;
        return best;
    }

    public static double Confidence(double score, double agreement, double bestEvidence, ThreatDetectorOptions options)
    {
        double strength = 0.5 + (0.5 * Math.Clamp((score - options.Threshold) / (options.HighScore - options.Threshold), 0, 1));
        double support = Math.Min(1, bestEvidence / options.IndicatorDeviation);
        return strength * agreement * support;
    }

    public static ThreatSeverity Severity(double score, ThreatClass threatClass, ThreatDetectorOptions options)
    {
        int level = score >= options.HighScore ? 2 : score >= options.MediumScore ? 1 : 0;
        level += threatClass switch
        {
            ThreatClass.Exfiltration or ThreatClass.PrivilegeMisuse => 1,
            ThreatClass.None => -1,
            _ => 0,
        };
        return (ThreatSeverity)Math.Clamp(level, 0, 2);
    }

    private static double Up(double deviation) => double.IsNaN(deviation) ? 0 : Math.Clamp(deviation, 0, 10);
}
