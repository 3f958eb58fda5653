namespace Juno.Contracts.Threats;

/// <summary>
/// What one entity did during one sampling interval, as counts (or bytes) for that interval. These are the signals
/// that tell an intrusion, exfiltration, crypto-mining or privilege misuse from normal work; the threat detector
/// models each entity's own normal for them.
/// </summary>
/// <param name="CpuUtilisation">CPU as a fraction of requested CPU over the interval, when known (NaN otherwise):
/// context that separates crypto-mining from other busy behaviour.</param>
[GenerateSerializer, Immutable]
[Alias("juno.BehaviourSample")]
public readonly record struct BehaviourSample(
    [property: Id(0)] long TimestampMs,
    [property: Id(1)] double ConnectionsOpened,
    [property: Id(2)] double DistinctDestinations,
    [property: Id(3)] double EgressBytes,
    [property: Id(4)] double AuthFailures,
    [property: Id(5)] double PrivilegedProcessStarts,
    [property: Id(6)] double DnsQueries,
    [property: Id(7)] double CpuUtilisation = double.NaN)
{
    /// <summary>Wire names of the six signals, in the detector's order.</summary>
    public static readonly IReadOnlyList<string> SignalNames =
        ["connections_opened", "distinct_destinations", "egress_bytes", "auth_failures", "privileged_process_starts", "dns_queries"];

    /// <summary>Copies the six signals, in <see cref="SignalNames"/> order, into <paramref name="destination"/>.</summary>
    public void CopySignalsTo(Span<double> destination)
    {
        destination[0] = ConnectionsOpened;
        destination[1] = DistinctDestinations;
        destination[2] = EgressBytes;
        destination[3] = AuthFailures;
        destination[4] = PrivilegedProcessStarts;
        destination[5] = DnsQueries;
    }

    /// <summary>Null when usable; otherwise what is wrong, naming the signal. Counts are non-negative and finite.</summary>
    public string? Validate()
    {
        Span<double> signals = stackalloc double[6];
        CopySignalsTo(signals);
        for (int i = 0; i < signals.Length; i++)
        {
            if (!double.IsFinite(signals[i]) || signals[i] < 0)
            {
                return $"{SignalNames[i]} must be a finite, non-negative number (got {signals[i]})";
            }
        }

        return double.IsNaN(CpuUtilisation) || (double.IsFinite(CpuUtilisation) && CpuUtilisation >= 0)
            ? null
            : $"cpu_utilisation must be a finite, non-negative number when given (got {CpuUtilisation})";
    }
}
