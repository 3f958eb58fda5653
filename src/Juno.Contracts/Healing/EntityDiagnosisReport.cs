using Juno.Contracts.Actions;

namespace Juno.Contracts.Healing;

/// <summary>
/// An entity's state across all its metrics: one multivariate score, what drove it, how bad and what shape the
/// anomaly has, the chance its SLO breaks soon, and the remedy Juno would propose for that shape.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("juno.EntityDiagnosisReport")]
public sealed record EntityDiagnosisReport(
    [property: Id(0)] string Entity,
    [property: Id(1)] EntityKind Kind,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] double Score,
    [property: Id(4)] string Severity,
    [property: Id(5)] string Type,
    [property: Id(6)] MetricDriver[] Drivers,
    [property: Id(7)] string Summary,
    [property: Id(8)] SloBreachRisk Breach,
    [property: Id(9)] ActionKind RecommendedAction,
    [property: Id(10)] string Recommendation);

/// <summary>A metric's share in the multivariate score; deviation is the signed robust z against its expectation.</summary>
[GenerateSerializer, Immutable]
[Alias("juno.MetricDriver")]
public sealed record MetricDriver(
    [property: Id(0)] string Metric,
    [property: Id(1)] double Score,
    [property: Id(2)] double Deviation,
    [property: Id(3)] double Share);

/// <summary>Probability that the entity breaks its SLO within 15 and 30 minutes, and which metric would.</summary>
[GenerateSerializer, Immutable]
[Alias("juno.SloBreachRisk")]
public sealed record SloBreachRisk(
    [property: Id(0)] double Within15Minutes,
    [property: Id(1)] double Within30Minutes,
    [property: Id(2)] string Metric,
    [property: Id(3)] string Reason);

/// <summary>One cluster's healing picture: incidents by severity over a window, and the entities most at risk.</summary>
[GenerateSerializer, Immutable]
[Alias("juno.HealingStatus")]
public sealed record HealingStatus(
    [property: Id(0)] string Cluster,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] TimeSpan Window,
    [property: Id(3)] int Incidents,
    [property: Id(4)] Dictionary<string, int> IncidentsBySeverity,
    [property: Id(5)] int WithAction,
    [property: Id(6)] AtRiskEntity[] AtRisk,
    [property: Id(7)] Status.HealingIncident[] Latest);

/// <summary>An entity whose last decision tick put its SLO breach probability (30 min) at or above the watch line.</summary>
[GenerateSerializer, Immutable]
[Alias("juno.AtRiskEntity")]
public sealed record AtRiskEntity(
    [property: Id(0)] string Entity,
    [property: Id(1)] EntityKind Kind,
    [property: Id(2)] double Within15Minutes,
    [property: Id(3)] double Within30Minutes,
    [property: Id(4)] string Metric,
    [property: Id(5)] string Severity,
    [property: Id(6)] string Type,
    [property: Id(7)] DateTimeOffset ReportedAt);
