using Juno.Contracts.Actions;
using Juno.Contracts.Telemetry;
using Juno.Intelligence;

namespace Juno.Grains.Healing;

/// <summary>
/// The remedy an SRE would reach for, given the shape of an anomaly and the metric driving it. The rules are the
/// runbook's first lines, not a model: a leak (memory trending up) is freed by a restart; load (cpu, latency or
/// requests up) is met with capacity; errors that jump without a traffic change point at the code, where a restart
/// is the only remedy in reach until rollback lands; a traffic drop is upstream's problem, and scaling in on it
/// would be premature. A node under sustained pressure is cordoned.
/// </summary>
public static class DiagnosisRemedy
{
    public static (ActionKind Action, string Why) For(EntityKind kind, EntityDiagnosis diagnosis)
    {
        ArgumentNullException.ThrowIfNull(diagnosis);
        if (diagnosis.Severity == AnomalySeverity.None || diagnosis.Drivers.Count == 0)
        {
            return (ActionKind.Hold, "nothing anomalous: no action");
        }

        var driver = diagnosis.Drivers[0];
        var metric = (MetricKind)driver.Metric;
        var rising = driver.Deviation > 0;
        var name = metric.WireName();
        if (kind == EntityKind.Node)
        {
            return rising && metric is MetricKind.Cpu or MetricKind.Memory && diagnosis.Severity >= AnomalySeverity.High
                ? (ActionKind.Cordon, $"{name} {Describe(diagnosis.Type)} at {diagnosis.Severity} severity: cordon the node so no new pods land on it")
                : (ActionKind.Hold, $"{name} {Describe(diagnosis.Type)}: watch; a node is cordoned only under sustained high cpu or memory pressure");
        }

        return (metric, diagnosis.Type, rising) switch
        {
            (MetricKind.Memory, AnomalyType.Trend or AnomalyType.LevelShift, true) =>
                (ActionKind.Restart, "memory keeps growing: a leak; a rolling restart frees it while the fix is found"),
            (MetricKind.RequestRate, AnomalyType.Drop, _) or (MetricKind.RequestRate, _, false) =>
                (ActionKind.Hold, "traffic fell: look upstream (ingress, DNS, a caller); scaling in on it would be premature"),
            (MetricKind.Cpu or MetricKind.LatencyP95 or MetricKind.RequestRate, _, true) =>
                (ActionKind.ScaleOut, $"{name} {Describe(diagnosis.Type)}: more demand than capacity; add replicas"),
            (MetricKind.ErrorRate, _, true) when !DriverIncludes(diagnosis, MetricKind.RequestRate) =>
                (ActionKind.Restart, "errors rose without a change in traffic: the workload itself is failing; restart it (roll back if a deploy preceded this)"),
            (MetricKind.ErrorRate, _, true) =>
                (ActionKind.ScaleOut, "errors rose with traffic: overload; add replicas"),
            _ => (ActionKind.Hold, $"{name} {Describe(diagnosis.Type)}: no remedy in the runbook fits; a person should look"),
        };
    }

    private static bool DriverIncludes(EntityDiagnosis diagnosis, MetricKind metric) =>
        diagnosis.Drivers.Any(d => d.Metric == (int)metric && Math.Abs(d.Deviation) >= 3);

    private static string Describe(AnomalyType type) => type switch
    {
        AnomalyType.Spike => "spiked",
        AnomalyType.Drop => "dropped",
        AnomalyType.LevelShift => "shifted to a new level",
        AnomalyType.Trend => "is trending",
        AnomalyType.SeasonalBreak => "broke its daily pattern",
        _ => "is anomalous",
    };
}
