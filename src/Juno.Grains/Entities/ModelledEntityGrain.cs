using Juno.Contracts.Actions;
using Juno.Contracts.Grains;
using Juno.Contracts.Status;
using Juno.Contracts.Telemetry;
using Juno.Grains.Modelling;
using Juno.Grains.Options;
using Microsoft.Extensions.Logging;

namespace Juno.Grains.Entities;

/// <summary>Ingestion, status, forecasts and checkpointing shared by workload, node and tenant grains.
/// Subclasses add what is specific to their kind of entity: decisions, agents, roll-ups.</summary>
internal abstract class ModelledEntityGrain(
    IPersistentState<EntityState> state,
    TimeProvider time,
    DecisionOptions options,
    ILogger logger) : Grain, IEntityGrain
{
    private CheckpointSchedule _checkpoints = null!;

    protected IPersistentState<EntityState> State { get; } = state;

    protected TimeProvider Time { get; } = time;

    protected DecisionOptions Options { get; } = options;

    protected ILogger Logger { get; } = logger;

    protected EntityModels Models { get; private set; } = null!;

    protected abstract EntityKind Kind { get; }

    /// <summary>The cluster whose directory lists this entity, or null for entities that span clusters.</summary>
    protected abstract string? DirectoryCluster { get; }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _checkpoints = new CheckpointSchedule(Options.CheckpointEverySamples, Options.CheckpointInterval);
        Models = EntityModels.Load(State.State.Models);
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_checkpoints.HasUnsavedWork)
        {
            await CheckpointAsync();
        }
    }

    public async Task<IngestResult> Ingest(SampleBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(batch.Samples);
        if (batch.Samples.Length > SampleBatch.MaxSamples)
        {
            throw new ArgumentException($"A batch holds at most {SampleBatch.MaxSamples} samples; this one has {batch.Samples.Length}.", nameof(batch));
        }

        var result = Models.Ingest(batch.Samples);
        var now = Time.GetUtcNow();
        _checkpoints.Record(result.Accepted, now);

        if (!State.State.Registered && !State.State.Retired && result.Accepted > 0 && DirectoryCluster is { } cluster)
        {
            await GrainFactory.GetGrain<IEntityDirectoryGrain>(cluster).Register(Kind, this.GetPrimaryKeyString());
            State.State.Registered = true;
        }

        if (_checkpoints.IsDue(now))
        {
            await CheckpointAsync();
        }

        return result;
    }

    public async Task Track()
    {
        if (State.State.Retired || !State.State.Registered)
        {
            State.State.Retired = false;
            if (DirectoryCluster is { } cluster)
            {
                await GrainFactory.GetGrain<IEntityDirectoryGrain>(cluster).Register(Kind, this.GetPrimaryKeyString());
                State.State.Registered = true;
            }

            await CheckpointAsync();
        }
    }

    public async Task Retire()
    {
        if (!State.State.Retired)
        {
            State.State.Retired = true;
            State.State.Registered = false;
            if (DirectoryCluster is { } cluster)
            {
                await GrainFactory.GetGrain<IEntityDirectoryGrain>(cluster).Unregister(Kind, this.GetPrimaryKeyString());
            }

            await CheckpointAsync();
            Logger.LogInformation("{Entity} retired: its {Kind} is gone from the cluster", this.GetPrimaryKeyString(), Kind);
        }

        DeactivateOnIdle();
    }

    public Task<ForecastReport> GetForecast() =>
        Task.FromResult(new ForecastReport(this.GetPrimaryKeyString(), Models.LastTimestampMs, Models.Forecast()));

    public virtual Task<EntityStatus> GetStatus() => Task.FromResult(BuildStatus(replicas: 0, agent: new AgentStatus(0, 0, 0, 0)));

    protected EntityStatus BuildStatus(int replicas, AgentStatus agent) =>
        new(this.GetPrimaryKeyString(), Kind, Models.Status(), Models.AnomalyScore, replicas, State.State.LastProposal, State.State.LastDecision, agent);

    /// <summary>Starts the periodic decision tick. Not kept alive: an idle entity may deactivate, and its next
    /// batch of samples brings it (and its tick) back.</summary>
    protected void StartDecisionTicks() =>
        this.RegisterGrainTimer(
            static (grain, _) => grain.TickAsync(),
            this,
            new GrainTimerCreationOptions(Options.TickInterval, Options.TickInterval) { KeepAlive = false });

    /// <summary>One decision: detector, forecast and (where the entity has one) agent to an optional proposal.</summary>
    protected virtual Task<ProposedAction?> DecideAsync() => Task.FromResult<ProposedAction?>(null);

    /// <summary>Decisions and outcomes change state without new samples; this makes sure they reach the next
    /// checkpoint, at the latest on deactivation.</summary>
    protected void MarkChanged() => _checkpoints.Record(1, Time.GetUtcNow());

    /// <summary>Lets subclasses add their own snapshot (the agent) to the checkpoint.</summary>
    protected virtual void BeforeCheckpoint()
    {
    }

    /// <summary>Lets subclasses drop their serialized copy once it is written (see <see cref="CheckpointAsync"/>).</summary>
    protected virtual void AfterCheckpoint()
    {
    }

    /// <summary>Counts work that changed state (samples accepted) towards the next checkpoint.</summary>
    protected void RecordWork(int changes) => _checkpoints.Record(changes, Time.GetUtcNow());

    protected async Task CheckpointIfDueAsync()
    {
        if (_checkpoints.IsDue(Time.GetUtcNow()))
        {
            await CheckpointAsync();
        }
    }

    private async Task TickAsync()
    {
        try
        {
            await DecideAsync();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A failed tick must not kill the timer: the next tick tries again with fresh data.
            Logger.LogError(ex, "Decision tick for {Entity} failed", this.GetPrimaryKeyString());
        }
    }

    protected async Task CheckpointAsync()
    {
        BeforeCheckpoint();
        State.State.Models = Models.Save();
        await State.WriteStateAsync();
        _checkpoints.Saved();

        // The live models are the truth while active; holding their serialized copy too would double the
        // grain's footprint. Every checkpoint serializes afresh.
        State.State.Models = null;
        State.State.Agent = null;
        AfterCheckpoint();
    }

    /// <summary>Opens a healing incident when the entity's anomaly score crosses the threshold, at most
    /// once per quiet period, so a sustained anomaly is one incident, not one per tick.</summary>
    protected async Task<HealingIncident?> MaybeOpenIncidentAsync(string cluster, Guid? actionId, string actionSummary)
    {
        var (metric, score, value) = Models.DrivingMetric();
        var now = Time.GetUtcNow();
        if (score < Options.IncidentThreshold
            || (State.State.LastIncidentAt is { } last && now - last < Options.IncidentQuietPeriod))
        {
            return null;
        }

        var incident = new HealingIncident(
            Guid.NewGuid(),
            this.GetPrimaryKeyString(),
            Kind,
            metric.WireName(),
            score,
            Severity.FromScore(score),
            now,
            actionId,
            $"{metric.WireName()} = {value:G4} scored {score:F2}; {actionSummary}");
        State.State.LastIncidentAt = now;
        await GrainFactory.GetGrain<IIncidentLogGrain>(cluster).Open(incident);
        Logger.LogWarning("Incident {IncidentId} on {Entity}: {Summary}", incident.IncidentId, incident.Entity, incident.Summary);
        return incident;
    }
}
