using System.Diagnostics.CodeAnalysis;

namespace Juno.Intelligence;

/// <summary>The set of <see cref="BehaviourSignal"/>s and their snake_case wire names (HTTP, storage, logs).</summary>
public static class BehaviourSignals
{
    /// <summary>Length of the signal span <see cref="ThreatDetector.Assess"/> expects.</summary>
    public const int Count = 6;

    private static readonly string[] WireNames =
    [
        "connections_opened",
        "distinct_destinations",
        "egress_bytes",
        "auth_failures",
        "privileged_process_starts",
        "dns_queries",
    ];

    /// <summary>Every signal in span order.</summary>
    public static IReadOnlyList<BehaviourSignal> All { get; } =
    [
        BehaviourSignal.ConnectionsOpened,
        BehaviourSignal.DistinctDestinations,
        BehaviourSignal.EgressBytes,
        BehaviourSignal.AuthFailures,
        BehaviourSignal.PrivilegedProcessStarts,
        BehaviourSignal.DnsQueries,
    ];

    public static string WireName(this BehaviourSignal signal) =>
        (uint)signal < Count
            ? WireNames[(int)signal]
            : throw new ArgumentOutOfRangeException(nameof(signal), signal, "Not a behaviour signal.");

    /// <summary>Parses a wire name, exactly as <see cref="WireName"/> writes it (ordinal, case-sensitive).</summary>
    public static bool TryParse([NotNullWhen(true)] string? wireName, out BehaviourSignal signal)
    {
        int index = Array.IndexOf(WireNames, wireName);
        signal = index < 0 ? default : (BehaviourSignal)index;
        return index >= 0;
    }
}
