using Juno.Contracts.Threats;

namespace Juno.Actuation.Simulation;

/// <summary>
/// What a simulated workload's pods do on the network and the host in one interval, from its demand: clients open
/// connections in proportion to requests, responses carry about 4 KB each, a handful of upstream services are called,
/// DNS follows connections, and a few logins fail from typos. Attacks add their own footprint on top; an isolated
/// workload (deny-all NetworkPolicy) has no traffic at all.
/// </summary>
internal static class BehaviourModel
{
    private const double ConnectionsPerRequest = 0.02;
    private const double BytesPerRequest = 4096;
    private const double UpstreamServices = 5;
    private const double DnsPerConnection = 0.1;
    private const double DnsBaseline = 12;

    public static BehaviourSample Compute(
        DateTimeOffset at,
        TimeSpan interval,
        double demand,
        double cpu,
        bool isolated,
        IEnumerable<SimulatedIncident> incidents,
        Func<int, double> noise)
    {
        var minutes = interval.TotalMinutes;
        if (isolated)
        {
            return new BehaviourSample(at.ToUnixTimeMilliseconds(), 0, 0, 0, 0, 0, 0, cpu);
        }

        var requests = demand * interval.TotalSeconds;
        var connections = requests * ConnectionsPerRequest * (1 + (0.1 * noise(1)));
        var destinations = UpstreamServices + Math.Round(1.5 * noise(2));
        var egress = requests * BytesPerRequest * (1 + (0.1 * noise(3)));
        var authFailures = Math.Max(0, Math.Round(minutes * 0.2 * (1 + noise(4))));
        var dns = DnsBaseline + (connections * DnsPerConnection * (1 + (0.1 * noise(5))));

        foreach (var incident in incidents)
        {
            if (!incident.IsActiveAt(at))
            {
                continue;
            }

            switch (incident)
            {
                case DataExfiltration exfiltration:
                    egress += exfiltration.BytesPerMinute * minutes;
                    destinations += 1;
                    connections += 2;
                    break;
                case CredentialStuffing stuffing:
                    authFailures += stuffing.FailuresPerMinute * minutes;
                    connections += stuffing.FailuresPerMinute * minutes;
                    destinations += 20;
                    break;
                case CryptoMiner:
                    connections += 1;
                    destinations += 1;
                    dns += 2;
                    break;
            }
        }

        return new BehaviourSample(
            at.ToUnixTimeMilliseconds(), Math.Round(connections), Math.Max(1, destinations), Math.Round(egress),
            authFailures, 0, Math.Round(dns), cpu);
    }
}
