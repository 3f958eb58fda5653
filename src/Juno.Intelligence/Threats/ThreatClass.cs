namespace Juno.Intelligence;

/// <summary>What kind of attack a threat's indicator pattern resembles; <see cref="None"/> when no threat or no pattern fits.</summary>
public enum ThreatClass : byte
{
    None = 0,

    /// <summary>Authentication failures and/or a fan-out to new destinations: brute force, scanning, lateral movement.</summary>
    Intrusion = 1,

    /// <summary>Egress far above normal to few destinations.</summary>
    Exfiltration = 2,

    /// <summary>CPU far above normal while the network stays steady: a miner talking to one pool.</summary>
    CryptoMining = 3,

    /// <summary>Privileged process starts above normal.</summary>
    PrivilegeMisuse = 4,
}
