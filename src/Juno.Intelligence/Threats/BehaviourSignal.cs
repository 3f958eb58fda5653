namespace Juno.Intelligence;

/// <summary>
/// A behavioural count an entity reports per sample interval. The numeric values are the positions in the signal
/// span passed to <see cref="ThreatDetector.Assess"/> and are part of the snapshot format: never renumber them.
/// </summary>
public enum BehaviourSignal : byte
{
    /// <summary>Outbound connections opened in the interval.</summary>
    ConnectionsOpened = 0,

    /// <summary>Distinct remote addresses contacted in the interval.</summary>
    DistinctDestinations = 1,

    /// <summary>Bytes sent off the entity in the interval.</summary>
    EgressBytes = 2,

    /// <summary>Failed authentication attempts made by or against the entity.</summary>
    AuthFailures = 3,

    /// <summary>Processes started with elevated privileges (root, setuid, added capabilities).</summary>
    PrivilegedProcessStarts = 4,

    /// <summary>DNS lookups issued in the interval.</summary>
    DnsQueries = 5,
}
