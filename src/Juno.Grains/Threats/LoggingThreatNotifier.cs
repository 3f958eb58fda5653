using Juno.Contracts.Threats;
using Microsoft.Extensions.Logging;

namespace Juno.Grains.Threats;

/// <summary>Notifies through the log: one warning per alert with the fields an alert rule matches on.</summary>
internal sealed partial class LoggingThreatNotifier(ILogger<LoggingThreatNotifier> logger) : IThreatNotifier
{
    public Task<string> NotifyAsync(ThreatAlert alert, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(alert);
        LogThreat(logger, alert.Level.WireName(), alert.Category.WireName(), alert.Entity, alert.Cluster, alert.AlertId, alert.Score, alert.Confidence,
            string.Join(", ", alert.Indicators.Select(i => $"{i.Signal} {i.Value:G4} (normal {i.Baseline:G4})")));
        return Task.FromResult("notified (log)");
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "THREAT {Level} {Category} on {Entity} in {Cluster}: alert {AlertId}, score {Score:F2}, confidence {Confidence:P0}; indicators: {Indicators}")]
    private static partial void LogThreat(ILogger logger, string level, string category, string entity, string cluster, Guid alertId,
        double score, double confidence, string indicators);
}
