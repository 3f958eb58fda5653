using Juno.Contracts.Actions;
using Juno.Contracts.Governance;
using Juno.Contracts.Grains;
using Juno.Contracts.Healing;
using Juno.Contracts.Status;
using Juno.Contracts.Telemetry;
using Juno.Contracts.Threats;
using Juno.Grains.Healing;
using Juno.Grains.Options;
using Juno.Grains.Threats;
using Juno.Intelligence;
using Microsoft.Extensions.Logging;

namespace Juno.Grains.Entities;

/// <summary>
/// What workloads and nodes add to a modelled entity: threat detection on their behaviour with the response
/// playbook, and the multivariate diagnosis with SLO breach probabilities. Every playbook step that acts is a
/// proposal to governance from this grain, so its outcome comes back here as for any other action.
/// </summary>
internal abstract class GuardedEntityGrain(
    IPersistentState<EntityState> state,
    TimeProvider time,
    DecisionOptions options,
    ThreatOptions threatOptions,
    IThreatNotifier notifier,
    ILogger logger) : ModelledEntityGrain(state, time, options, logger), IGuardedEntityGrain
{
    private const string ThreatSystem = "juno-threats";

    private ThreatWatch _threats = null!;
    private bool _reportedAtRisk;
    private (long AtMs, double Score)? _previousDiagnosis;

    /// <summary>The cluster the entity runs on: its governance grain, incident log and threat log.</summary>
    protected abstract string Cluster { get; }

    /// <summary>Tenant, namespace and name as a proposal against this entity names them.</summary>
    protected abstract (string Tenant, string Namespace, string Name) Target { get; }

    /// <summary>What "isolate" means for this kind of entity: a deny-all NetworkPolicy, or a cordon for a node.</summary>
    protected abstract ActionKind IsolationAction { get; }

    /// <summary>Desired replicas as last seen (0 for nodes).</summary>
    protected abstract int CurrentReplicas { get; }

    /// <summary>The objectives whose breach is predicted.</summary>
    protected abstract SloTarget[] SloTargets { get; }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        _threats = ThreatWatch.Load(State.State.Threats, threatOptions.ToDetectorOptions(), StableSeed.For(this.GetPrimaryKeyString()));
    }

    public async Task<ThreatAnalysis> AnalyzeBehaviour(BehaviourBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(batch.Samples);
        if (batch.Samples.Length > BehaviourBatch.MaxSamples)
        {
            throw new ArgumentException($"A behaviour batch holds at most {BehaviourBatch.MaxSamples} samples; this one has {batch.Samples.Length}.", nameof(batch));
        }

        // All or nothing: one bad sample refuses the batch before any sample reaches the detector.
        for (var i = 0; i < batch.Samples.Length; i++)
        {
            if (batch.Samples[i].Validate() is { } error)
            {
                throw new ArgumentException($"Behaviour sample {i}: {error}.", nameof(batch));
            }
        }

        var opened = _threats.Analyze(batch.Samples, out var accepted, out var stale, out var maxScore);
        RecordWork(accepted);
        var raised = new List<ThreatAlert>(opened.Count);
        foreach (var (sample, assessment) in opened)
        {
            raised.Add(await RaiseAsync(sample, assessment));
        }

        await CheckpointIfDueAsync();
        return new ThreatAnalysis(this.GetPrimaryKeyString(), accepted, stale, maxScore, _threats.IsWarm, [.. raised]);
    }

    public Task AcceptAsNormal(BehaviourSample behaviour)
    {
        if (behaviour.Validate() is { } error)
        {
            throw new ArgumentException(error, nameof(behaviour));
        }

        _threats.AcceptAsNormal(behaviour);
        MarkChanged();
        Logger.LogInformation("{Entity} learned behaviour at {Timestamp} as normal (false positive)", this.GetPrimaryKeyString(), behaviour.TimestampMs);
        return Task.CompletedTask;
    }

    public async Task<ThreatResponseResult> RespondToThreat(ThreatAlert alert, ThreatResponseKind response, string actor)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (alert.Entity != this.GetPrimaryKeyString())
        {
            throw new ArgumentException($"Alert {alert.AlertId} is about {alert.Entity}, not {this.GetPrimaryKeyString()}.", nameof(alert));
        }

        var kind = response switch
        {
            ThreatResponseKind.Isolate => IsolationAction,
            ThreatResponseKind.RaiseMonitoring => ActionKind.RaiseMonitoring,
            _ => throw new ArgumentOutOfRangeException(nameof(response), response, "Only isolate and raise-monitoring are actions."),
        };

        // A person asking is certain; governance still judges the risk, so isolating may need a second person.
        var (updated, decision) = await ProposeResponseAsync(alert, kind, confidence: 1, requestedBy: actor);
        return new ThreatResponseResult(updated, decision);
    }

    public Task<EntityDiagnosisReport> Diagnose() => Task.FromResult(BuildDiagnosis(rememberScore: false).Report);

    protected EntityStatus WithThreats(EntityStatus status) =>
        status with { BehaviourSamples = _threats.SamplesSeen, ThreatScore = _threats.LastScore };

    /// <summary>True when the outcome answered a playbook action; the subclass handles its own actions otherwise.</summary>
    protected async Task<bool> TryHandleThreatOutcomeAsync(ProposedAction action, ActionOutcome outcome)
    {
        if (!State.State.ThreatActions.Remove(action.ActionId, out var alertId))
        {
            return false;
        }

        MarkChanged();
        var log = GrainFactory.GetGrain<IThreatLogGrain>(Cluster);
        if (await log.Get(alertId) is { } alert)
        {
            await log.Record(ApplyOutcome(alert, action, outcome));
        }

        return true;
    }

    /// <summary>Tells the cluster's incident log whether this entity is at risk; silent while it is not and was not.</summary>
    protected async Task<(EntityDiagnosis Diagnosis, EntityDiagnosisReport Report)> DiagnoseAndReportRiskAsync()
    {
        var diagnosis = BuildDiagnosis(rememberScore: true);
        var breach = diagnosis.Report.Breach;
        var atRisk = breach.Within30Minutes >= Incidents.IncidentLogGrain.WatchLine;
        if (atRisk || _reportedAtRisk)
        {
            await GrainFactory.GetGrain<IIncidentLogGrain>(Cluster).ReportRisk(new AtRiskEntity(
                this.GetPrimaryKeyString(), Kind, breach.Within15Minutes, breach.Within30Minutes, breach.Metric,
                diagnosis.Report.Severity, diagnosis.Report.Type, Time.GetUtcNow()));
            _reportedAtRisk = atRisk;
        }

        return diagnosis;
    }

    protected override void BeforeCheckpoint() => State.State.Threats = _threats.Save();

    protected override void AfterCheckpoint() => State.State.Threats = null;

    /// <param name="rememberScore">Ticks remember the score the next tick's trend is measured from; an on-demand
    /// diagnosis must not, or a person asking twice in a second would flatten the trend.</param>
    private (EntityDiagnosis Diagnosis, EntityDiagnosisReport Report) BuildDiagnosis(bool rememberScore)
    {
        var now = Time.GetUtcNow();
        var nowMs = Models.LastTimestampMs > 0 ? Models.LastTimestampMs : now.ToUnixTimeMilliseconds();
        var diagnosis = Models.Diagnoser.Diagnose(nowMs);

        var trend = _previousDiagnosis is { } previous && nowMs > previous.AtMs
            ? (diagnosis.Score - previous.Score) / ((nowMs - previous.AtMs) / 60_000.0)
            : 0;
        if (rememberScore)
        {
            _previousDiagnosis = (nowMs, diagnosis.Score);
        }

        var targets = SloTargets;
        var outlooks = new MetricOutlook[MetricKinds.Count];
        foreach (var metric in MetricKinds.All)
        {
            var model = Models[metric];
            outlooks[(int)metric] = model.SamplesSeen == 0
                ? default
                : MetricOutlook.From(model.LastValue, Models.Diagnoser.Slope((int)metric),
                    model.Forecaster.Forecast(TimeSpan.FromMinutes(15)), model.Forecaster.Forecast(TimeSpan.FromHours(1)));
        }

        // Objectives on metrics the entity never reported can't be judged; leaving them out keeps them from reading as safe.
        var judged = Array.FindAll(targets, t => Models[(MetricKind)t.Metric].SamplesSeen > 0);
        var breach = judged.Length == 0
            ? new BreachProbability(0, 0, -1, "no objective has data yet")
            : SloBreachPredictor.Predict(judged, outlooks, diagnosis.Score, trend);
        var (action, why) = DiagnosisRemedy.For(Kind, diagnosis);
        var report = new EntityDiagnosisReport(
            this.GetPrimaryKeyString(),
            Kind,
            now,
            diagnosis.Score,
            diagnosis.Severity.ToString().ToLowerInvariant(),
            TypeName(diagnosis.Type),
            [.. diagnosis.Drivers.Select(d => new MetricDriver(((MetricKind)d.Metric).WireName(), d.Score, d.Deviation, d.Share))],
            diagnosis.Summary,
            new SloBreachRisk(breach.Within15Minutes, breach.Within30Minutes,
                breach.DrivingMetric is >= 0 and < MetricKinds.Count ? ((MetricKind)breach.DrivingMetric).WireName() : "", breach.Reason),
            action,
            why);
        return (diagnosis, report);
    }

    private async Task<ThreatAlert> RaiseAsync(BehaviourSample sample, ThreatAssessment assessment)
    {
        var now = Time.GetUtcNow();
        var escalated = State.State.MonitoringRaisedUntil is { } until && until > now;
        var level = (ThreatLevel)Math.Min((int)ThreatLevel.High, (int)assessment.Severity + (escalated ? 1 : 0));
        var alert = new ThreatAlert(
            Guid.NewGuid(),
            Cluster,
            this.GetPrimaryKeyString(),
            Kind,
            (ThreatCategory)assessment.Class,
            level,
            assessment.Score,
            assessment.Confidence,
            [.. assessment.Indicators.Select(i => new ThreatIndicatorView(BehaviourSample.SignalNames[(int)i.Signal], i.Value, i.Baseline, i.Deviation))],
            sample,
            now,
            level == ThreatLevel.Low ? ThreatStatus.Logged : ThreatStatus.Open,
            escalated ? ["escalated one level: the entity is under raised monitoring"] : [],
            ActionId: null,
            IncidentId: null)
        { StatusReason = $"raised by {ThreatSystem}" };

        var log = GrainFactory.GetGrain<IThreatLogGrain>(Cluster);
        switch (level)
        {
            case ThreatLevel.Low:
                alert = alert with { Playbook = [.. alert.Playbook, "logged for analysis"] };
                await log.Record(alert);
                break;

            case ThreatLevel.Medium:
                alert = alert with { Playbook = [.. alert.Playbook, await notifier.NotifyAsync(alert)] };
                await log.Record(alert);
                (alert, _) = await ProposeResponseAsync(alert, ActionKind.RaiseMonitoring, assessment.Confidence, requestedBy: null);
                await log.Record(alert);
                break;

            default:
                var incident = await OpenThreatIncidentAsync(alert);
                var forensics = _threats.RecentBehaviour();
                alert = alert with
                {
                    Forensics = forensics,
                    IncidentId = incident.IncidentId,
                    Playbook = [.. alert.Playbook, $"forensics collected ({forensics.Length} recent samples)", $"incident {incident.IncidentId} opened"],
                };
                alert = alert with { Playbook = [.. alert.Playbook, await notifier.NotifyAsync(alert)] };
                await log.Record(alert);
                (alert, _) = await ProposeResponseAsync(alert, IsolationAction, assessment.Confidence, requestedBy: null);
                await log.Record(alert);
                break;
        }

        // The notifier's warning is the alert; this line records what the playbook did about it.
        Logger.LogInformation("{Entity}: {Level} {Category} threat (score {Score:F2}), alert {AlertId}: {Playbook}",
            alert.Entity, level, alert.Category, alert.Score, alert.AlertId, string.Join("; ", alert.Playbook));
        return alert;
    }

    private async Task<HealingIncident> OpenThreatIncidentAsync(ThreatAlert alert)
    {
        var top = alert.Indicators.FirstOrDefault();
        var incident = new HealingIncident(
            Guid.NewGuid(),
            alert.Entity,
            Kind,
            $"threat:{alert.Category.WireName()}",
            alert.Score,
            "critical",
            alert.DetectedAt,
            ActionId: null,
            $"{alert.Category.WireName()} suspected (confidence {alert.Confidence:P0})"
                + (top is null ? "" : $"; {top.Signal} {top.Value:G4} against a normal of {top.Baseline:G4}")
                + $"; threat alert {alert.AlertId}");
        await GrainFactory.GetGrain<IIncidentLogGrain>(Cluster).Open(incident);
        return incident;
    }

    private async Task<(ThreatAlert Alert, GovernanceDecision Decision)> ProposeResponseAsync(
        ThreatAlert alert, ActionKind kind, double confidence, string? requestedBy)
    {
        var (tenant, @namespace, name) = Target;
        var top = alert.Indicators.FirstOrDefault();
        var proposal = new ProposedAction(
            Guid.NewGuid(), tenant, Cluster, Kind, @namespace, name, kind, CurrentReplicas, CurrentReplicas, Math.Clamp(confidence, 0, 1),
            new ActionEvidence(alert.Score, $"threat:{alert.Category.WireName()}", top?.Value ?? 0, 0, 0, [],
                $"threat alert {alert.AlertId}: {alert.Level.WireName()} {alert.Category.WireName()}"
                + (requestedBy is null ? " (playbook)" : $" (requested by {requestedBy})")
                + (alert.Indicators.Length == 0 ? "" : "; " + string.Join(", ", alert.Indicators.Select(i => $"{i.Signal} {i.Value:G4} vs {i.Baseline:G4}")))),
            Time.GetUtcNow())
        { ProposerKey = this.GetPrimaryKeyString(), IsContainment = kind == IsolationAction };

        // Remembered before submitting: a held action's outcome may arrive (one-way) before Submit's reply is handled.
        State.State.ThreatActions[proposal.ActionId] = alert.AlertId;
        MarkChanged();
        var decision = await GrainFactory.GetGrain<IGovernanceGrain>(Cluster).Submit(proposal);
        var updated = alert with
        {
            ActionId = proposal.ActionId,
            Playbook = [.. alert.Playbook, $"{kind} proposed: {decision.Verdict} at risk {decision.Risk:F2}"],
        };

        if (decision.Verdict != Verdict.Held)
        {
            // Decided now (executed, refused...): nothing more will come back for it.
            State.State.ThreatActions.Remove(proposal.ActionId);
            var outcome = decision.Outcome ?? new ActionOutcome(proposal.ActionId, false, decision.Reason, null, decision.DecidedAt);
            updated = ApplyOutcome(updated, proposal, outcome);
        }

        return (updated, decision);
    }

    private ThreatAlert ApplyOutcome(ThreatAlert alert, ProposedAction action, ActionOutcome outcome)
    {
        if (!outcome.Succeeded)
        {
            return alert with { Playbook = [.. alert.Playbook, $"{action.Kind} not carried out: {outcome.Detail}"] };
        }

        if (action.Kind == ActionKind.RaiseMonitoring)
        {
            var until = Time.GetUtcNow() + Options.RaisedMonitoringFor;
            State.State.MonitoringRaisedUntil = until;
            MarkChanged();
            return alert with { Playbook = [.. alert.Playbook, $"monitoring raised until {until:u}"] };
        }

        var closed = alert.Status is ThreatStatus.FalsePositive or ThreatStatus.Dismissed;
        return alert with
        {
            Status = closed ? alert.Status : ThreatStatus.Contained,
            StatusReason = closed ? alert.StatusReason : $"{action.Kind} executed",
            Playbook = [.. alert.Playbook, $"{action.Kind} executed: {outcome.Detail}"],
        };
    }

    private static string TypeName(AnomalyType type) => type switch
    {
        AnomalyType.LevelShift => "level_shift",
        AnomalyType.SeasonalBreak => "seasonal_break",
        _ => type.ToString().ToLowerInvariant(),
    };
}
