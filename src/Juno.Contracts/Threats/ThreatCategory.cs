namespace Juno.Contracts.Threats;

/// <summary>What kind of attack the behaviour looks like (stored as the threat_events category).</summary>
[GenerateSerializer]
[Alias("juno.ThreatCategory")]
public enum ThreatCategory : byte
{
    Unclassified = 0,
    Intrusion = 1,
    Exfiltration = 2,
    CryptoMining = 3,
    PrivilegeMisuse = 4,
}

/// <summary>How hard the response playbook reacts: high isolates, medium watches closer, low logs.</summary>
[GenerateSerializer]
[Alias("juno.ThreatLevel")]
public enum ThreatLevel : byte
{
    Low = 0,
    Medium = 1,
    High = 2,
}

/// <summary>Where an alert is in its life.</summary>
[GenerateSerializer]
[Alias("juno.ThreatStatus")]
public enum ThreatStatus : byte
{
    /// <summary>Raised; the playbook step (if any) is with governance or waiting for a person.</summary>
    Open = 0,

    /// <summary>Low severity: recorded for analysis, nothing else done.</summary>
    Logged = 1,

    /// <summary>The playbook's action ran (isolated, or monitoring raised).</summary>
    Contained = 2,

    /// <summary>A person said this behaviour is normal; the entity's model learned it.</summary>
    FalsePositive = 3,

    /// <summary>A person closed it without calling it a false positive.</summary>
    Dismissed = 4,
}

public static class ThreatWireNames
{
    public static string WireName(this ThreatCategory category) => category switch
    {
        ThreatCategory.Intrusion => "intrusion",
        ThreatCategory.Exfiltration => "exfiltration",
        ThreatCategory.CryptoMining => "crypto_mining",
        ThreatCategory.PrivilegeMisuse => "privilege_misuse",
        _ => "unclassified",
    };

    public static string WireName(this ThreatLevel level) => level switch
    {
        ThreatLevel.High => "high",
        ThreatLevel.Medium => "medium",
        _ => "low",
    };

    public static string WireName(this ThreatStatus status) => status switch
    {
        ThreatStatus.Logged => "logged",
        ThreatStatus.Contained => "contained",
        ThreatStatus.FalsePositive => "false_positive",
        ThreatStatus.Dismissed => "dismissed",
        _ => "open",
    };

    public static bool TryParseStatus(string? wireName, out ThreatStatus status) => TryParse(wireName, WireName, out status);

    public static bool TryParseLevel(string? wireName, out ThreatLevel level) => TryParse(wireName, WireName, out level);

    public static bool TryParseCategory(string? wireName, out ThreatCategory category) => TryParse(wireName, WireName, out category);

    private static bool TryParse<T>(string? wireName, Func<T, string> nameOf, out T value)
        where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(nameOf(candidate), wireName, StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }
}
