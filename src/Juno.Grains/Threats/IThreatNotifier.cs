using Juno.Contracts.Threats;

namespace Juno.Grains.Threats;

/// <summary>Tells people about a threat alert: the playbook's "notify" step. The default writes a structured
/// warning to the log, which is where an SRE team's log-based alerting picks it up; a pager or chat integration
/// replaces this service.</summary>
public interface IThreatNotifier
{
    /// <returns>Where the notice went, for the alert's playbook record.</returns>
    Task<string> NotifyAsync(ThreatAlert alert, CancellationToken ct = default);
}
