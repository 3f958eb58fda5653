using Juno.Actuation;
using Juno.Contracts.Actions;
using Juno.Contracts.Governance;
using Juno.Contracts.Grains;
using Juno.Contracts.Scaling;
using Juno.Grains.Entities;
using Juno.Grains.Options;
using Juno.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Juno.Grains.Governance;

/// <summary>One per Kubernetes cluster and the only path to its actuator. Every decision and outcome is
/// appended to the audit log before the action runs, and execution is claimed in the record store first,
/// so an action id runs at most once even across retries and silo restarts.</summary>
internal sealed class GovernanceGrain(
    [PersistentState("governance", StorageNames.Governance)] IPersistentState<GovernanceState> state,
    IJunoRecordStore records,
    IClusterActuator actuator,
    TimeProvider time,
    IOptions<GovernanceOptions> options,
    ILogger<GovernanceGrain> logger) : Grain, IGovernanceGrain
{
    private const string System = "juno-governance";
    private const string DefaultTenant = "default";
    private const string PolicyParameter = "policy";

    /// <summary>Most scaling events one history call returns (the HTTP facade's limit).</summary>
    public const int MaxScalingHistory = 1_000;
    private readonly GovernanceOptions _options = options.Value;
    private CircuitBreaker _breaker = null!;
    private ExecutionRateLimiter _rateLimiter = null!;
    private ExecutionReconciler _reconciler = null!;
    private PolicyBook _policies = null!;
    private AdaptiveThresholds _adaptive = null!;
    private ActionVerifier _verifier = null!;

    private string Cluster => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _breaker = new CircuitBreaker(state.State, _options);
        _rateLimiter = new ExecutionRateLimiter(state.State);
        _policies = new PolicyBook(state.State, _options);
        _adaptive = new AdaptiveThresholds(state.State);
        _verifier = new ActionVerifier(actuator, GrainFactory, _options);
        _reconciler = new ExecutionReconciler(Cluster, records, actuator, time, logger);
        this.RegisterGrainTimer(
            static (grain, _) => grain.SweepAsync(),
            this,
            new GrainTimerCreationOptions(_options.ExpirySweepInterval, _options.ExpirySweepInterval) { KeepAlive = true });
        // Before any new proposal: an action a previous activation began and never finished is settled first.
        await ReconcileQuietlyAsync();
    }

    public async Task<AuditChainReport> VerifyAudit()
    {
        var verification = await records.VerifyAuditChainAsync(Cluster);
        return new AuditChainReport(Cluster, verification.Valid, verification.RowsChecked, verification.FirstBrokenSequence, verification.Problem, time.GetUtcNow());
    }

    public async Task<ReconciliationReport> Reconcile()
    {
        await SweepExpiredAsync();
        await VerifyDueAsync();
        var (report, completed) = await _reconciler.RunAsync();
        foreach (var (action, outcome) in completed)
        {
            await NotifyProposer(action, outcome);
        }

        return report;
    }

    public async Task<GovernanceDecision> Submit(ProposedAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        await SweepExpiredAsync();
        if (await FindDecisionAsync(action.ActionId) is { } earlier)
        {
            return earlier;
        }

        var now = time.GetUtcNow();
        var (decision, assessment) = await DecideOnAsync(action, now);
        var (verdict, reason) = (decision.Verdict, decision.Reason);

        await records.UpsertActionAsync(ToRecord(action, StatusOf(verdict), decision, now, outcome: null));
        await records.AppendAuditAsync(new AuditEntry(Cluster, action.ActionId, "proposed", action.ProposerKey, AuditPayloads.Proposal(action), action.ProposedAt));
        await records.AppendAuditAsync(new AuditEntry(Cluster, action.ActionId, "decided", System, AuditPayloads.Decision(decision), now));
        state.State.Decisions++;

        if (verdict == Verdict.Held)
        {
            state.State.Pending.Add(new PendingApproval(action, assessment.Risk, reason, now, now + _options.ApprovalTimeToLive)
            {
                Factors = assessment.Factors,
                ParametersHash = AuditPayloads.ParametersHash(action),
            });
        }
        else if (verdict == Verdict.AutoApproved)
        {
            decision = decision with { Outcome = await ExecuteAsync(action, decision) };
        }

        Remember(decision);
        await state.WriteStateAsync();
        logger.LogInformation("{Cluster}: {Kind} on {Target} {Verdict} at risk {Risk:F2}: {Reason}",
            Cluster, action.Kind, action.Name, verdict, assessment.Risk, reason);
        return decision;
    }

    public async Task<GovernanceDecision> DryRun(ProposedAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var now = time.GetUtcNow();
        var (decision, _) = await DecideOnAsync(action, now);
        var (verdict, reason) = (decision.Verdict, decision.Reason);
        ActionOutcome? outcome = null;
        if (verdict is Verdict.AutoApproved or Verdict.Held && action.Kind.TouchesCluster())
        {
            try
            {
                var result = await actuator.ExecuteAsync(new ActuationCommand(action.ActionId, action.Kind, action.Namespace, action.Name, action.TargetReplicas, DryRun: true));
                outcome = new ActionOutcome(action.ActionId, result.Succeeded, result.Detail, result.ObservedReplicas, time.GetUtcNow());
            }
            catch (ActuationException ex)
            {
                outcome = new ActionOutcome(action.ActionId, false, $"dry run refused: {ex.Failure}: {ex.Message}", null, time.GetUtcNow());
            }
        }

        logger.LogInformation("{Cluster}: dry run of {Kind} on {Target}: would be {Verdict} ({Reason}); cluster: {Detail}",
            Cluster, action.Kind, action.Name, verdict, reason, outcome?.Detail ?? "not asked");
        return decision with { Outcome = outcome, DryRun = true };
    }

    /// <summary>What governance decides on <paramref name="action"/> now: its risk and factors, the threshold its type
    /// is held against for its tenant, and the verdict. Changes nothing.</summary>
    private async Task<(GovernanceDecision Decision, RiskAssessment Assessment)> DecideOnAsync(ProposedAction action, DateTimeOffset now)
    {
        var tenantPolicy = await TenantPolicyOf(action);
        var policy = _policies.For(action.Tenant);
        var assessment = RiskModel.Assess(action, _breaker.SuccessRateOf(action.Kind));
        var threshold = _adaptive.Applied(action.Kind, PolicyBook.Configured(policy, action.Kind, tenantPolicy.RiskTolerance), _policies.Cluster.Adaptive);
        var (verdict, reason) = await JudgeAsync(action, tenantPolicy, policy, assessment, threshold, now);
        var decision = new GovernanceDecision(action.ActionId, verdict, assessment.Risk, reason, now, System, Outcome: null)
        {
            Factors = assessment.Factors,
            Threshold = threshold,
        };
        return (decision, assessment);
    }

    public async Task<GovernanceDecision> Decide(ApprovalRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.Actor))
        {
            throw new ArgumentException("An approval must name the person who gave it.", nameof(request));
        }

        await SweepExpiredAsync();
        var pending = state.State.Pending.Find(p => p.Action.ActionId == request.ActionId)
            ?? throw new UnknownActionException(request.ActionId);
        if (request.Approve && !string.Equals(request.ParametersHash, pending.ParametersHash, StringComparison.OrdinalIgnoreCase))
        {
            // An approval is for exactly what the person saw; the held action stays held.
            throw new ApprovalMismatchException(request.ActionId, request.ParametersHash);
        }

        state.State.Pending.Remove(pending);

        var now = time.GetUtcNow();
        var action = pending.Action;
        var (verdict, reason) = request.Approve
            ? await GateApprovedAsync(action, _policies.For(action.Tenant), now) ?? (Verdict.Approved, $"approved by {request.Actor}" + Suffix(request.Comment))
            : (Verdict.Rejected, $"rejected by {request.Actor}" + Suffix(request.Comment));
        var decision = new GovernanceDecision(action.ActionId, verdict, pending.Risk, reason, now, request.Actor, Outcome: null) { Factors = pending.Factors };

        await records.UpsertActionAsync(ToRecord(action, StatusOf(verdict), decision, now, outcome: null));
        await records.AppendAuditAsync(new AuditEntry(Cluster, action.ActionId, verdict.ToString().ToLowerInvariant(), request.Actor, AuditPayloads.Decision(decision), now));

        ActionOutcome outcome;
        if (verdict == Verdict.Approved)
        {
            outcome = await ExecuteAsync(action, decision);
            decision = decision with { Outcome = outcome };
        }
        else
        {
            outcome = new ActionOutcome(action.ActionId, false, reason, null, now);
        }

        Remember(decision);
        await state.WriteStateAsync();
        await NotifyProposer(action, outcome);
        return decision;
    }

    public async Task<PendingApproval[]> GetPending()
    {
        await SweepExpiredAsync();
        return [.. state.State.Pending];
    }

    public Task<GovernanceDecision?> GetDecision(Guid actionId) => FindDecisionAsync(actionId);

    public Task<GovernanceDecision[]> GetRecentDecisions(int max) =>
        Task.FromResult(state.State.Recent.TakeLast(Math.Clamp(max, 1, _options.RecentDecisionsKept)).Reverse().ToArray());

    public async Task<ScalingRecord[]> GetScalingHistory(string? entity, DateTimeOffset? since, int max)
    {
        var events = await records.ListScalingEventsAsync(Cluster, entity, since, Math.Clamp(max, 1, MaxScalingHistory));
        return [.. events.Select(e => new ScalingRecord(e.ActionId, e.Cluster, e.Entity, e.FromReplicas, e.ToReplicas, e.Succeeded, e.Detail, e.At))];
    }

    public Task<GovernanceSnapshot> GetSnapshot()
    {
        var now = time.GetUtcNow();
        return Task.FromResult(new GovernanceSnapshot(
            Cluster,
            _rateLimiter.CountInWindow(now),
            _policies.Cluster.RateLimits.ClusterPerMinute,
            _breaker.AnyOpen(now),
            _breaker.SuccessRate,
            _breaker.OutcomeCount,
            state.State.Pending.Count,
            state.State.Decisions,
            state.State.Executed));
    }

    private async Task<(Verdict, string)> JudgeAsync(
        ProposedAction action, TenantPolicy tenantPolicy, GovernancePolicy policy, RiskAssessment assessment, double threshold, DateTimeOffset now)
    {
        if (!string.Equals(action.Cluster, Cluster, StringComparison.Ordinal))
        {
            return (Verdict.Refused, $"action is for cluster '{action.Cluster}', this is governance of '{Cluster}'");
        }

        if (action.Kind == ActionKind.Hold)
        {
            return (Verdict.Refused, "hold is not an action");
        }

        if (action.TargetKind == EntityKind.Workload && action.Kind is ActionKind.ScaleOut or ActionKind.ScaleIn)
        {
            if (action.TargetReplicas < tenantPolicy.MinReplicas || action.TargetReplicas > tenantPolicy.MaxReplicas)
            {
                return (Verdict.Refused, $"policy: {action.TargetReplicas} replicas is outside the tenant's {tenantPolicy.MinReplicas}..{tenantPolicy.MaxReplicas}");
            }

            var change = Math.Abs(action.TargetReplicas - action.CurrentReplicas);
            if (action.CurrentReplicas > 0 && change > policy.MaxReplicaChangeShare * action.CurrentReplicas)
            {
                return (Verdict.Refused, $"blast radius: {action.CurrentReplicas}->{action.TargetReplicas} changes {change / (double)action.CurrentReplicas:P0} of the replicas; the cap is {policy.MaxReplicaChangeShare:P0}");
            }
        }

        var risk = $"risk {assessment.Risk:F2} ({assessment.Explanation})";
        if (assessment.Risk >= _options.RefuseAtRisk && !action.IsContainment)
        {
            return (Verdict.Refused, $"{risk} at or above the refusal line {_options.RefuseAtRisk:F2}");
        }

        if (policy.AlwaysHuman.Contains(action.Kind))
        {
            return (Verdict.Held, $"needs a person: policy sends every {action.Kind} to a person; {risk}");
        }

        if (action.Kind.TouchesCluster() && policy.Freezes.FirstOrDefault(f => f.Covers(now)) is { } freeze)
        {
            return (Verdict.Held, $"needs a person: change freeze until {freeze.End:u} ({freeze.Reason}); {risk}");
        }

        if (assessment.Risk > threshold)
        {
            return (Verdict.Held, $"needs a person: {risk} is over the {action.Kind} threshold {threshold:F2}");
        }

        return await GateApprovedAsync(action, policy, now) ?? (Verdict.AutoApproved, $"within tolerance: {risk} is within the {action.Kind} threshold {threshold:F2}");
    }

    /// <summary>The limits even an approved action must pass: its type's breaker, the nested rate limits and the
    /// blast-radius caps that depend on what already ran. They protect the cluster, so actions Juno applies to itself
    /// (raising monitoring during an attack) pass even when they are shut.</summary>
    private async Task<(Verdict, string)?> GateApprovedAsync(ProposedAction action, GovernancePolicy policy, DateTimeOffset now)
    {
        if (!action.Kind.TouchesCluster())
        {
            return null;
        }

        if (_breaker.IsOpen(action.Kind, now))
        {
            return (Verdict.Refused, $"circuit breaker open for {action.Kind}: recent success rate {_breaker.SuccessRateOf(action.Kind):P0} is under {_options.BreakerSuccessThreshold:P0}");
        }

        if (_rateLimiter.Refusal(action, policy, Cluster, now) is { } limited)
        {
            return (Verdict.Refused, limited);
        }

        if (action.Kind is ActionKind.Cordon or ActionKind.Drain && !state.State.CordonedNodes.Contains(action.Name))
        {
            // At least one node may always be cordoned, or a small cluster could never take a sick node out.
            var nodes = (await GrainFactory.GetGrain<IEntityDirectoryGrain>(Cluster).List(EntityKind.Node)).Length;
            var allowed = Math.Max(1, (int)Math.Floor(policy.MaxCordonedNodeShare * nodes));
            if (state.State.CordonedNodes.Count + 1 > allowed)
            {
                return (Verdict.Refused, $"blast radius: Juno already keeps {state.State.CordonedNodes.Count} of {nodes} nodes cordoned; the cap is {policy.MaxCordonedNodeShare:P0} ({allowed} nodes)");
            }
        }

        return null;
    }

    private async Task<ActionOutcome> ExecuteAsync(ProposedAction action, GovernanceDecision decision)
    {
        var now = time.GetUtcNow();
        if (!await records.TryBeginExecutionAsync(action.ActionId, now))
        {
            // Another activation (or a previous life of this one) already claimed it: never run twice.
            return new ActionOutcome(action.ActionId, false, "already executing or executed", null, now);
        }

        state.State.Executed++;
        await records.AppendAuditAsync(new AuditEntry(Cluster, action.ActionId, "executing", System, AuditPayloads.Parameters(action), now));

        ActionOutcome outcome;
        if (!action.Kind.TouchesCluster())
        {
            // Decided and audited like any action, carried out by the proposing grain when the outcome reaches it.
            outcome = new ActionOutcome(action.ActionId, true, $"{action.Kind} is applied by Juno itself; nothing sent to the cluster", null, now);
            await records.AppendAuditAsync(new AuditEntry(Cluster, action.ActionId, "executed", System, AuditPayloads.Outcome(outcome), now));
            await records.UpsertActionAsync(ToRecord(action, "succeeded", decision, now, outcome));
            return outcome;
        }

        _rateLimiter.Record(action, now);
        try
        {
            var result = await actuator.ExecuteAsync(new ActuationCommand(action.ActionId, action.Kind, action.Namespace, action.Name, action.TargetReplicas));
            outcome = new ActionOutcome(action.ActionId, result.Succeeded, result.Detail, result.ObservedReplicas, time.GetUtcNow());
        }
        catch (ActuationException ex)
        {
            outcome = new ActionOutcome(action.ActionId, false, $"{ex.Failure}: {ex.Message}", null, time.GetUtcNow());
        }

        if (outcome.Succeeded && _options.VerificationDelay > TimeSpan.Zero && ActionVerifier.Verifies(action))
        {
            // Its success counts (breaker, adaptive threshold) once the check says it landed and helped.
            state.State.Verifications.Add(new PendingVerification(action, outcome.CompletedAt + _options.VerificationDelay));
        }
        else
        {
            _breaker.Record(action.Kind, outcome.Succeeded, outcome.CompletedAt);
            await AdaptAsync(action, outcome.Succeeded, outcome.CompletedAt);
        }

        if (outcome.Succeeded && action.Kind is ActionKind.Cordon or ActionKind.Drain)
        {
            state.State.CordonedNodes.Add(action.Name);
        }
        else if (outcome.Succeeded && action.Kind == ActionKind.Uncordon)
        {
            state.State.CordonedNodes.Remove(action.Name);
        }

        await records.AppendAuditAsync(new AuditEntry(Cluster, action.ActionId, outcome.Succeeded ? "executed" : "failed", actuator.Name, AuditPayloads.Outcome(outcome), outcome.CompletedAt));
        await records.UpsertActionAsync(ToRecord(action, outcome.Succeeded ? "succeeded" : "failed", decision, outcome.CompletedAt, outcome));
        if (action.Kind is ActionKind.ScaleOut or ActionKind.ScaleIn)
        {
            await records.RecordScalingEventAsync(new ScalingEvent(action.ActionId, Cluster, $"{action.Namespace}/{action.Name}",
                action.CurrentReplicas, action.TargetReplicas, outcome.Succeeded, outcome.Detail, outcome.CompletedAt));
        }

        logger.LogInformation("{Cluster}: executed {Kind} on {Target}: {Result} {Detail}",
            Cluster, action.Kind, action.Name, outcome.Succeeded ? "ok" : "FAILED", outcome.Detail);
        return outcome;
    }

    public async Task<EffectivePolicy> GetPolicy(string? tenant)
    {
        var policy = _policies.For(tenant);
        var tolerance = (await GrainFactory.GetGrain<ITenantGrain>(tenant ?? DefaultTenant).GetPolicy()).RiskTolerance;
        var thresholds = Enum.GetValues<ActionKind>().Where(k => k != ActionKind.Hold).Select(kind =>
        {
            var configured = PolicyBook.Configured(policy, kind, tolerance);
            var (outcomes, successes) = _adaptive.TallyOf(kind);
            return new EffectiveThreshold(kind, configured, _adaptive.OffsetOf(kind), _adaptive.Applied(kind, configured, _policies.Cluster.Adaptive),
                policy.AlwaysHuman.Contains(kind), outcomes, successes);
        }).ToArray();
        return new EffectivePolicy(Cluster, tenant, policy, _policies.HasOverride(tenant), thresholds);
    }

    public async Task<EffectivePolicy> SetPolicy(PolicyChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentException.ThrowIfNullOrWhiteSpace(change.Actor, nameof(change.Actor));
        if (change.Policy?.Problem() is { } problem || change.Policy is null)
        {
            throw new ArgumentException(change.Policy is null ? "a policy is required" : change.Policy.Problem(), nameof(change));
        }

        var now = time.GetUtcNow();
        var old = _policies.Set(change.Tenant, change.Policy);
        await state.WriteStateAsync();
        var evidence = AuditPayloads.PolicyChange(old, change.Policy);
        var id = await records.RecordAdaptationAsync(new GovernanceAdaptation(0, Cluster, change.Tenant, PolicyParameter, null, null, change.Reason ?? "", evidence, change.Actor, now, null));
        await records.AppendAuditAsync(new AuditEntry(Cluster, Guid.NewGuid(), "policy-changed", change.Actor, evidence, now));
        logger.LogWarning("{Cluster}: governance policy {Scope} changed by {Actor} (adaptation #{Id}): {Reason}",
            Cluster, change.Tenant is null ? "of the cluster" : $"of tenant {change.Tenant}", change.Actor, id, change.Reason);
        return await GetPolicy(change.Tenant);
    }

    public async Task<GovernanceAdaptation[]> GetAdaptations(int max) =>
        [.. await records.ListAdaptationsAsync(Cluster, Math.Clamp(max, 1, MaxScalingHistory))];

    public async Task<GovernanceAdaptation> RollbackAdaptation(long adaptationId, string actor, string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var row = await records.GetAdaptationAsync(Cluster, adaptationId) ?? throw new UnknownAdaptationException(adaptationId);
        var now = time.GetUtcNow();
        GovernanceAdaptation undo;
        if (AdaptiveThresholds.TryParse(row.Parameter, out var kind))
        {
            var current = _adaptive.OffsetOf(kind);
            _adaptive.Set(kind, row.OldValue ?? 0);
            undo = row with { Id = 0, OldValue = current, NewValue = row.OldValue ?? 0, Actor = actor, At = now, RollsBack = row.Id, Reason = $"rollback of #{row.Id}: {reason}" };
        }
        else if (row.Parameter == PolicyParameter && AuditPayloads.ReadOldPolicy(row.EvidenceJson) is { } previous)
        {
            var replaced = _policies.Set(row.Tenant, previous);
            undo = row with { Id = 0, EvidenceJson = AuditPayloads.PolicyChange(replaced, previous), Actor = actor, At = now, RollsBack = row.Id, Reason = $"rollback of #{row.Id}: {reason}" };
        }
        else
        {
            throw new ArgumentException($"adaptation #{row.Id} ({row.Parameter}) cannot be rolled back", nameof(adaptationId));
        }

        await state.WriteStateAsync();
        var id = await records.RecordAdaptationAsync(undo);
        await records.AppendAuditAsync(new AuditEntry(Cluster, Guid.NewGuid(), "adaptation-rolled-back", actor, undo.EvidenceJson, now));
        logger.LogWarning("{Cluster}: {Actor} rolled back adaptation #{Row} ({Parameter}) as #{Id}: {Reason}", Cluster, actor, row.Id, row.Parameter, id, reason);
        return undo with { Id = id };
    }

    /// <summary>Checks every executed action whose verification is due: audited, counted for its type's breaker and
    /// threshold, told to the proposer, and a scale-in that made things worse proposed back through governance.</summary>
    private async Task VerifyDueAsync()
    {
        var now = time.GetUtcNow();
        var dueNow = state.State.Verifications.Where(v => v.DueAt <= now).ToList();
        if (dueNow.Count == 0)
        {
            return;
        }

        foreach (var due in dueNow)
        {
            var action = due.Action;
            if (await _verifier.CheckAsync(action) is not var (landed, recovered, detail))
            {
                continue;
            }

            state.State.Verifications.Remove(due);
            var verified = landed && recovered;
            await records.AppendAuditAsync(new AuditEntry(Cluster, action.ActionId, verified ? "verified" : "verification-failed", System,
                AuditPayloads.Verification(landed, recovered, detail), now));
            _breaker.Record(action.Kind, verified, now);
            await AdaptAsync(action, verified, now);
            if (!string.IsNullOrEmpty(action.ProposerKey))
            {
                await GrainFactory.GetGrain<IWorkloadGrain>(action.ProposerKey).ReportVerification(action, verified, detail);
            }

            logger.Log(verified ? LogLevel.Information : LogLevel.Warning, "{Cluster}: {Kind} {ActionId} on {Target} {Result}: {Detail}",
                Cluster, action.Kind, action.ActionId, action.Name, verified ? "verified" : "failed verification", detail);
            if (ActionVerifier.ShouldRollBack(action, landed, recovered))
            {
                var rollback = new ProposedAction(
                    Guid.NewGuid(), action.Tenant, action.Cluster, action.TargetKind, action.Namespace, action.Name,
                    action.CurrentReplicas > action.TargetReplicas ? ActionKind.ScaleOut : ActionKind.ScaleIn,
                    action.TargetReplicas, action.CurrentReplicas, 0.9,
                    action.Evidence with { QValues = [], Reason = $"rollback of {action.ActionId}: {detail}" }, now)
                {
                    ProposerKey = action.ProposerKey,
                    RollsBack = action.ActionId,
                };
                var decision = await Submit(rollback);
                logger.LogWarning("{Cluster}: rollback {Rollback} of {ActionId} ({From}->{To} replicas): {Verdict} {Reason}",
                    Cluster, rollback.ActionId, action.ActionId, rollback.CurrentReplicas, rollback.TargetReplicas, decision.Verdict, decision.Reason);
            }
        }

        await state.WriteStateAsync();
    }

    /// <summary>Feeds an outcome to its type's adaptive threshold and records the adaptation when one happens.</summary>
    private async Task AdaptAsync(ProposedAction action, bool succeeded, DateTimeOffset at)
    {
        var configured = PolicyBook.Configured(_policies.For(action.Tenant), action.Kind, (await TenantPolicyOf(action)).RiskTolerance);
        if (_adaptive.Record(Cluster, action.Kind, succeeded, configured, _policies.Cluster.Adaptive, at) is { } adaptation)
        {
            var id = await records.RecordAdaptationAsync(adaptation);
            logger.LogWarning("{Cluster}: adaptation #{Id}: {Reason}", Cluster, id, adaptation.Reason);
        }
    }

    private Task<TenantPolicy> TenantPolicyOf(ProposedAction action) =>
        GrainFactory.GetGrain<ITenantGrain>(string.IsNullOrEmpty(action.Tenant) ? DefaultTenant : action.Tenant).GetPolicy();

    private async Task SweepAsync()
    {
        await SweepExpiredAsync();
        await ReconcileQuietlyAsync();
    }

    public async Task<int> VerifyDue()
    {
        var before = state.State.Verifications.Count;
        await VerifyDueAsync();
        return before - state.State.Verifications.Count;
    }

    /// <summary>Activation and the timer must not fail because the store or the cluster is down; the next sweep retries.</summary>
    private async Task ReconcileQuietlyAsync()
    {
        try
        {
            var report = await Reconcile();
            if (report.Interrupted > 0)
            {
                logger.LogWarning("{Cluster}: reconciliation {Report}", Cluster, report);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "{Cluster}: reconciliation could not run; retried on the next sweep", Cluster);
        }
    }

    private async Task SweepExpiredAsync()
    {
        var now = time.GetUtcNow();
        var expired = state.State.Pending.FindAll(p => p.ExpiresAt <= now);
        if (expired.Count == 0)
        {
            return;
        }

        foreach (var pending in expired)
        {
            state.State.Pending.Remove(pending);
            var reason = $"expired: nobody decided within {_options.ApprovalTimeToLive}";
            var decision = new GovernanceDecision(pending.Action.ActionId, Verdict.Expired, pending.Risk, reason, now, System, Outcome: null) { Factors = pending.Factors };
            // The audit row first, as for every decision: a record never shows a state the log does not.
            await records.AppendAuditAsync(new AuditEntry(Cluster, pending.Action.ActionId, "expired", System, AuditPayloads.Decision(decision), now));
            await records.UpsertActionAsync(ToRecord(pending.Action, "expired", decision, now, outcome: null));
            Remember(decision);
            await NotifyProposer(pending.Action, new ActionOutcome(pending.Action.ActionId, false, reason, null, now));
        }

        await state.WriteStateAsync();
    }

    private async Task<GovernanceDecision?> FindDecisionAsync(Guid actionId)
    {
        var recent = state.State.Recent.FindLast(d => d.ActionId == actionId);
        if (recent is not null)
        {
            return recent;
        }

        var pending = state.State.Pending.Find(p => p.Action.ActionId == actionId);
        if (pending is not null)
        {
            return new GovernanceDecision(actionId, Verdict.Held, pending.Risk, pending.Reason, pending.HeldAt, System, null);
        }

        // Older than what we keep in memory: the action table is the durable answer.
        var record = await records.GetActionAsync(actionId);
        return record is null
            ? null
            : new GovernanceDecision(actionId, Enum.TryParse<Verdict>(record.Verdict, out var verdict) ? verdict : Verdict.Refused,
                record.Risk, $"already decided: status {record.Status}", record.UpdatedAt, System, null);
    }

    private void Remember(GovernanceDecision decision)
    {
        state.State.Recent.Add(decision);
        if (state.State.Recent.Count > _options.RecentDecisionsKept)
        {
            state.State.Recent.RemoveRange(0, state.State.Recent.Count - _options.RecentDecisionsKept);
        }
    }

    /// <summary>ReportOutcome is one-way: this returns as soon as the message is sent.</summary>
    private Task NotifyProposer(ProposedAction action, ActionOutcome outcome) =>
        string.IsNullOrEmpty(action.ProposerKey) ? Task.CompletedTask
        : action.TargetKind == EntityKind.Node
            ? GrainFactory.GetGrain<INodeGrain>(action.ProposerKey).ReportOutcome(action, outcome)
            : GrainFactory.GetGrain<IWorkloadGrain>(action.ProposerKey).ReportOutcome(action, outcome);

    private ActionRecord ToRecord(ProposedAction action, string status, GovernanceDecision decision, DateTimeOffset at, ActionOutcome? outcome) =>
        new(action.ActionId, Cluster, action.Tenant, action.TargetKind == EntityKind.Node ? action.Name : $"{action.Namespace}/{action.Name}",
            action.Kind.ToString(), AuditPayloads.Parameters(action), status, decision.Verdict.ToString(), decision.Risk,
            action.ProposedAt, at, outcome is null ? null : AuditPayloads.Outcome(outcome));

    private static string StatusOf(Verdict verdict) => verdict switch
    {
        Verdict.AutoApproved or Verdict.Approved => "approved",
        Verdict.Held => "held",
        Verdict.Refused => "refused",
        Verdict.Rejected => "rejected",
        _ => "expired",
    };

    private static string Suffix(string? comment) => string.IsNullOrWhiteSpace(comment) ? "" : $": {comment}";
}
