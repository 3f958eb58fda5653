using Juno.Actuation;
using Juno.Actuation.Simulation;
using Juno.Contracts.Actions;
using Juno.Contracts.Governance;
using Juno.Contracts.Grains;
using Juno.Integration.Tests.Infrastructure;
using Juno.Storage;
using Juno.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Juno.Integration.Tests.Faults;

/// <summary>
/// Execution interrupted at its worst moments: the silo killed between "executing" and "executed" (before and after
/// the change landed), and PostgreSQL stopped right after the change landed. Afterwards every action has exactly one
/// final record, none ran twice, and the audit chain verifies.
/// </summary>
public sealed class ExecutionFaultTests(ExecutionFaultTests.Fixture fixture) : IClassFixture<ExecutionFaultTests.Fixture>
{
    /// <summary>A PostgreSQL server of its own (the tests stop it), and a cluster and actuator that outlive the silo,
    /// as a real cluster outlives the pod that acts on it.</summary>
    public sealed class Fixture : GrainClusterFixture
    {
        private PostgresServer? _server;

        public SimulatedCluster SharedCluster { get; private set; } = null!;

        internal PausingActuator Actuator { get; private set; } = null!;

        public PostgresServer Server => _server!;

        public IGovernanceGrain Governance => Grains.GetGrain<IGovernanceGrain>(Cluster);

        public override async Task InitializeAsync()
        {
            SharedCluster = new SimulatedCluster(Cluster, Time);
            Actuator = new PausingActuator(SharedCluster);
            await base.InitializeAsync();
            await Grains.GetGrain<ITenantGrain>("fault").SetPolicy(new TenantPolicy(0.9, 1, 20));
        }

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            if (_server is not null)
            {
                await _server.DisposeAsync();
            }
        }

        protected override async Task<string> CreateDatabaseAsync()
        {
            _server = await PostgresServer.StartAsync();
            return await _server.CreateDatabaseAsync();
        }

        protected override void ConfigureServices(IServiceCollection services)
        {
            services.AddSingleton(SharedCluster);
            services.AddSingleton<IClusterActuator>(Actuator);
        }
    }

    [Fact]
    public async Task ASiloKilledAfterTheChangeLandedIsReconciledAsAppliedAndNothingRunsTwice()
    {
        var action = await SubmitAndPauseAsync("killed-after", PausingActuator.PausePoint.AfterApplying);

        await fixture.KillAndRestartSiloAsync();
        fixture.Actuator.Abandon();

        // Nobody calls governance: the silo wakes it at start, and it settles the action on activation.
        var record = await WaitForFinalRecordAsync(action.ActionId);
        Assert.Equal("succeeded", record.Status);
        Assert.Contains("the cluster shows it applied", record.OutcomeJson);
        await AssertHistoryAsync(action.ActionId, executions: 1);
        Assert.Equal(5, (await fixture.SharedCluster.ObserveWorkloadAsync("shop", "killed-after"))!.DesiredReplicas);

        // The same action proposed again (a retry after the crash) is answered from the record, not executed.
        var again = await fixture.Governance.Submit(action);
        Assert.Contains("already decided", again.Reason);
        await AssertHistoryAsync(action.ActionId, executions: 1);
    }

    [Fact]
    public async Task ASiloKilledBeforeTheChangeLandedIsReconciledAsNotCarriedOutAndNotRetried()
    {
        var action = await SubmitAndPauseAsync("killed-before", PausingActuator.PausePoint.BeforeApplying);

        await fixture.KillAndRestartSiloAsync();
        fixture.Actuator.Abandon();

        var record = await WaitForFinalRecordAsync(action.ActionId);
        Assert.Equal("failed", record.Status);
        Assert.Contains("not retried", record.OutcomeJson);
        await AssertHistoryAsync(action.ActionId, executions: 0);
        Assert.Equal(3, (await fixture.SharedCluster.ObserveWorkloadAsync("shop", "killed-before"))!.DesiredReplicas);
    }

    [Fact]
    public async Task PostgresStoppedAfterTheChangeLandedLosesNoRecordOnceItIsBack()
    {
        var action = await SubmitAndPauseAsync("db-down", PausingActuator.PausePoint.AfterApplying, out var submitted);

        await fixture.Server.StopAsync();
        fixture.Actuator.Release();
        // The outcome cannot be written: the proposer hears an error, the record stays "executing".
        await Assert.ThrowsAnyAsync<Exception>(() => submitted);
        await fixture.Server.StartAgainAsync();

        var report = await fixture.Governance.Reconcile();

        Assert.Equal(1, report.Interrupted);
        Assert.Equal(1, report.FoundApplied);
        var record = await fixture.Records.GetActionAsync(action.ActionId);
        Assert.Equal("succeeded", record!.Status);
        await AssertHistoryAsync(action.ActionId, executions: 1);
        Assert.Equal(new ReconciliationReport(0, 0, 0, 0, 0), await fixture.Governance.Reconcile());
    }

    private Task<ProposedAction> SubmitAndPauseAsync(string name, PausingActuator.PausePoint point) =>
        SubmitAndPauseAsync(name, point, out _);

    /// <summary>Proposes a scale 3 -> 5 that governance approves at once, and waits until the actuator call pauses.</summary>
    private Task<ProposedAction> SubmitAndPauseAsync(string name, PausingActuator.PausePoint point, out Task<GovernanceDecision> submitted)
    {
        fixture.SharedCluster.AddDeployment("shop", name, new SimulatedWorkloadProfile { BaseRequestRate = 100, PodCapacity = 50 }, replicas: 3);
        var action = Proposals.Scale("fault", GrainClusterFixture.Cluster, "shop", name, 3, 5, fixture.Time.GetUtcNow());
        fixture.Actuator.Arm(point);
        submitted = fixture.Governance.Submit(action);
        _ = submitted.ContinueWith(t => t.Exception, TaskScheduler.Default);
        return WaitPausedAsync(action, submitted);
    }

    private async Task<ProposedAction> WaitPausedAsync(ProposedAction action, Task<GovernanceDecision> submitted)
    {
        var first = await Task.WhenAny(fixture.Actuator.Reached, submitted, Task.Delay(TimeSpan.FromSeconds(30)));
        Assert.True(first == fixture.Actuator.Reached, submitted.IsCompleted ? $"governance answered first: {submitted.Result}" : "the actuator was never called");
        Assert.Equal(ActionStatuses.Executing, (await fixture.Records.GetActionAsync(action.ActionId))!.Status);
        return action;
    }

    private async Task<ActionRecord> WaitForFinalRecordAsync(Guid actionId)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var record = await fixture.Records.GetActionAsync(actionId);
            if (record is { Status: not ActionStatuses.Executing })
            {
                return record;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, "the interrupted action was not reconciled after the restart");
            await Task.Delay(100);
        }
    }

    private async Task AssertHistoryAsync(Guid actionId, int executions)
    {
        Assert.Equal(executions, fixture.SharedCluster.Executed.Count(c => c.ActionId == actionId));
        var events = (await fixture.Records.ReadAuditAsync(GrainClusterFixture.Cluster, actionId)).Select(a => a.Event).ToArray();
        Assert.Equal(["proposed", "decided", "executing", "reconciled"], events);
        var chain = await fixture.Governance.VerifyAudit();
        Assert.True(chain.Valid, chain.Problem);
    }
}
