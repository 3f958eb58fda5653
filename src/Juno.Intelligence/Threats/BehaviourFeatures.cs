namespace Juno.Intelligence;

/// <summary>
/// The feature vector a sample becomes: log(1 + count) for each <see cref="BehaviourSignal"/> (behaviour counts are
/// heavy-tailed and entities differ by orders of magnitude, and on a log scale "three times the usual" is the same
/// distance for a quiet pod and a busy node), then CPU utilisation as given (already a bounded fraction; NaN when
/// unknown), then log bytes per connection (log(1 + egress) − log(1 + connections): both follow the daily load, so their
/// difference is steady all day, and data leaving over a few connections moves it far more than either count), then
/// log DNS queries per connection and log distinct destinations per √connection (destinations grow with the square
/// root of load), then CPU in excess of what the load explains (<see cref="CpuExcess"/>: filled by the detector from
/// the baseline's CPU-on-connections fit, NaN here), then the UTC hour of day in [0, 24) — so the forests can tell a
/// night-time burst from a daytime one and a nightly backup from a noon exfiltration.
/// The load-relative features stay put when all traffic scales together (a surge: every volume ×2.5), and move when
/// one part of it leaves the others behind (exfiltration, scanning, mining), which is what the forests need to see.
/// </summary>
internal static class BehaviourFeatures
{
    public const int Count = BehaviourSignals.Count + 6;
    public const int Cpu = BehaviourSignals.Count;
    public const int BytesPerConnection = BehaviourSignals.Count + 1;
    public const int DnsPerConnection = BehaviourSignals.Count + 2;
    public const int DestinationsPerLoad = BehaviourSignals.Count + 3;
    public const int CpuExcess = BehaviourSignals.Count + 4;
    public const int Hour = BehaviourSignals.Count + 5;

    private const long DayMs = 86_400_000;
    private const double HourMs = 3_600_000;

    /// <summary>Checks a sample and writes its features; throws naming the first bad signal.</summary>
    public static void Transform(long timestampMs, ReadOnlySpan<double> signals, double cpuUtilisation, Span<float> features)
    {
        if (signals.Length != BehaviourSignals.Count)
        {
            throw new ArgumentException(
                $"Expected {BehaviourSignals.Count} behaviour signals ({string.Join(", ", BehaviourSignals.All.Select(s => s.WireName()))}), got {signals.Length}.",
                nameof(signals));
        }

        for (int i = 0; i < BehaviourSignals.Count; i++)
        {
            double value = signals[i];
            if (!(value >= 0) || !double.IsFinite(value))
            {
                var signal = (BehaviourSignal)i;
                throw new ArgumentOutOfRangeException(
                    signal.WireName(), value, $"Behaviour signal {signal} ({signal.WireName()}) must be a finite, non-negative count.");
            }

            features[i] = (float)Math.Log(1 + value);
        }

        if (!double.IsNaN(cpuUtilisation) && (!(cpuUtilisation >= 0) || !double.IsFinite(cpuUtilisation)))
        {
            throw new ArgumentOutOfRangeException(
                nameof(cpuUtilisation), cpuUtilisation, "CPU utilisation must be finite and non-negative, or NaN when unknown.");
        }

        features[Cpu] = (float)cpuUtilisation;
        features[BytesPerConnection] = features[(int)BehaviourSignal.EgressBytes] - features[(int)BehaviourSignal.ConnectionsOpened];
        features[DnsPerConnection] = features[(int)BehaviourSignal.DnsQueries] - features[(int)BehaviourSignal.ConnectionsOpened];
        features[DestinationsPerLoad] = features[(int)BehaviourSignal.DistinctDestinations] - (0.5f * features[(int)BehaviourSignal.ConnectionsOpened]);
        features[CpuExcess] = float.NaN;
        features[Hour] = (float)((((timestampMs % DayMs) + DayMs) % DayMs) / HourMs);
    }
}
