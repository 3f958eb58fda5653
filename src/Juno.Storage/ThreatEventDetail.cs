using System.Text.Json;
using System.Text.Json.Serialization;
using Juno.Contracts.Threats;

namespace Juno.Storage;

/// <summary>The parts of a <see cref="ThreatAlert"/> that have no column of their own, as the jsonb detail of its
/// threat_events row: indicators, the triggering behaviour, the playbook steps, forensics and the status reason.</summary>
internal sealed record ThreatEventDetail(
    ThreatIndicatorView[] Indicators,
    BehaviourSample Trigger,
    string[] Playbook,
    BehaviourSample[] Forensics,
    string StatusReason)
{
    // CPU is NaN when the sender did not know it; JSON has no NaN, so it is written as the string "NaN".
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public static string Write(ThreatAlert alert) => JsonSerializer.Serialize(
        new ThreatEventDetail(alert.Indicators, alert.Trigger, alert.Playbook, alert.Forensics, alert.StatusReason), Options);

    public static ThreatEventDetail Read(string json) =>
        JsonSerializer.Deserialize<ThreatEventDetail>(json, Options)
        ?? throw new InvalidOperationException("A threat_events row has a null detail.");

    public ThreatAlert ToAlert(ThreatAlert columns) => columns with
    {
        Indicators = Indicators ?? [],
        Trigger = Trigger,
        Playbook = Playbook ?? [],
        Forensics = Forensics ?? [],
        StatusReason = StatusReason ?? "",
    };
}
