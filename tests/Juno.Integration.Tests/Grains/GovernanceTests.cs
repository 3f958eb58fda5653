using Juno.Actuation.Simulation;
using Juno.Contracts.Actions;
using Juno.Contracts.Governance;
using Juno.Contracts.Grains;
using Juno.Integration.Tests.Infrastructure;
using Xunit;

namespace Juno.Integration.Tests.Grains;

/// <summary>Governance on a real silo with PostgreSQL records: every test uses its own cluster name (its
/// own governance grain, so rate-limit and breaker windows don't leak between tests) and its own tenant.</summary>
public sealed class GovernanceTests(GovernanceTests.Fixture fixture) : IClassFixture<GovernanceTests.Fixture>
{
    public sealed class Fixture : GrainClusterFixture;

    private static readonly SimulatedWorkloadProfile Profile = new() { BaseRequestRate = 100, PodCapacity = 50 };

    [Fact]
    public async Task AutoApprovedActionRunsOnceAndEveryStepIsAuditedBeforeItRuns()
    {
        var (cluster, tenant) = await Scope("auto", riskTolerance: 0.6);
        fixture.Simulated.AddDeployment("shop", "auto-web", Profile, replicas: 4);
        var proposal = Proposals.Scale(tenant, cluster, "shop", "auto-web", 4, 5, fixture.Time.GetUtcNow());

        var decision = await Governance(cluster).Submit(proposal);

        Assert.Equal(Verdict.AutoApproved, decision.Verdict);
        Assert.True(decision.Outcome?.Succeeded, decision.Outcome?.Detail);
        Assert.Equal(5, (await fixture.Simulated.ObserveWorkloadAsync("shop", "auto-web"))!.DesiredReplicas);
        var audit = await fixture.Records.ReadAuditAsync(cluster, proposal.ActionId);
        Assert.Equal(["proposed", "decided", "executing", "executed"], audit.Select(a => a.Event));
        Assert.Equal("succeeded", (await fixture.Records.GetActionAsync(proposal.ActionId))!.Status);

        var again = await Governance(cluster).Submit(proposal);

        Assert.Equal(decision.Verdict, again.Verdict);
        Assert.Single(fixture.Simulated.Executed, c => c.ActionId == proposal.ActionId);
        Assert.Equal(4, (await fixture.Records.ReadAuditAsync(cluster, proposal.ActionId)).Count);
        Assert.True((await fixture.Records.VerifyAuditChainAsync(cluster)).Valid);
    }

    [Fact]
    public async Task ActionOutsideTheTenantsReplicaLimitsIsRefusedAndNeverRuns()
    {
        var (cluster, tenant) = await Scope("limits", riskTolerance: 0.9, maxReplicas: 6);
        fixture.Simulated.AddDeployment("shop", "limits-web", Profile, replicas: 6);
        var proposal = Proposals.Scale(tenant, cluster, "shop", "limits-web", 6, 8, fixture.Time.GetUtcNow());

        var decision = await Governance(cluster).Submit(proposal);

        Assert.Equal(Verdict.Refused, decision.Verdict);
        Assert.Contains("outside the tenant's 1..6", decision.Reason);
        Assert.DoesNotContain(fixture.Simulated.Executed, c => c.ActionId == proposal.ActionId);
        Assert.Equal(["proposed", "decided"], (await fixture.Records.ReadAuditAsync(cluster, proposal.ActionId)).Select(a => a.Event));
    }

    [Fact]
    public async Task RateLimitRefusesTheEleventhActionInAMinuteAndRecoversAfterIt()
    {
        var (cluster, tenant) = await Scope("rate", riskTolerance: 0.9);
        var governance = Governance(cluster);
        var verdicts = new List<Verdict>();
        for (var i = 0; i < 11; i++)
        {
            fixture.Simulated.AddDeployment("shop", $"rate-{i}", Profile, replicas: 4);
            verdicts.Add((await governance.Submit(Proposals.Scale(tenant, cluster, "shop", $"rate-{i}", 4, 5, fixture.Time.GetUtcNow()))).Verdict);
        }

        Assert.Equal(Enumerable.Repeat(Verdict.AutoApproved, 10).Append(Verdict.Refused), verdicts);
        var refused = (await governance.GetRecentDecisions(1))[0];
        Assert.StartsWith("rate limit: 10 actions per minute", refused.Reason);

        fixture.Time.Advance(TimeSpan.FromSeconds(61));
        var afterWindow = await governance.Submit(Proposals.Scale(tenant, cluster, "shop", "rate-10", 4, 5, fixture.Time.GetUtcNow()));

        Assert.Equal(Verdict.AutoApproved, afterWindow.Verdict);
    }

    [Fact]
    public async Task CircuitBreakerOpensOnFailuresRefusesThenClosesAfterASuccessfulProbe()
    {
        var (cluster, tenant) = await Scope("breaker", riskTolerance: 0.9);
        var governance = Governance(cluster);
        for (var i = 0; i < 5; i++)
        {
            // No such deployment: the actuator reports NotFound, an honest failure.
            var failed = await governance.Submit(Proposals.Scale(tenant, cluster, "shop", $"missing-{i}", 4, 5, fixture.Time.GetUtcNow()));
            Assert.Equal(Verdict.AutoApproved, failed.Verdict);
            Assert.False(failed.Outcome!.Succeeded);
        }

        Assert.True((await governance.GetSnapshot()).CircuitOpen);
        fixture.Simulated.AddDeployment("shop", "breaker-web", Profile, replicas: 4);
        var blocked = await governance.Submit(Proposals.Scale(tenant, cluster, "shop", "breaker-web", 4, 5, fixture.Time.GetUtcNow()));
        Assert.Equal(Verdict.Refused, blocked.Verdict);
        Assert.StartsWith("circuit breaker open", blocked.Reason);

        fixture.Time.Advance(TimeSpan.FromMinutes(5));
        var probe = await governance.Submit(Proposals.Scale(tenant, cluster, "shop", "breaker-web", 4, 5, fixture.Time.GetUtcNow()));

        Assert.Equal(Verdict.AutoApproved, probe.Verdict);
        Assert.True(probe.Outcome!.Succeeded);
        var snapshot = await governance.GetSnapshot();
        Assert.False(snapshot.CircuitOpen);
        Assert.Equal(1.0, snapshot.RecentSuccessRate);
    }

    [Fact]
    public async Task HeldActionRunsOnlyWhenAPersonApprovesIt()
    {
        var (cluster, tenant) = await Scope("approve", riskTolerance: 0.1);
        fixture.Simulated.AddDeployment("shop", "approve-web", Profile, replicas: 4);
        var proposal = Proposals.Restart(tenant, cluster, "shop", "approve-web", 4, fixture.Time.GetUtcNow());
        var governance = Governance(cluster);

        var held = await governance.Submit(proposal);

        Assert.Equal(Verdict.Held, held.Verdict);
        Assert.Null(held.Outcome);
        Assert.DoesNotContain(fixture.Simulated.Executed, c => c.ActionId == proposal.ActionId);
        var pending = Assert.Single(await governance.GetPending());
        Assert.Equal(proposal.ActionId, pending.Action.ActionId);
        Assert.Equal(fixture.Time.GetUtcNow() + TimeSpan.FromMinutes(30), pending.ExpiresAt);

        var approved = await governance.Decide(new ApprovalRequest(proposal.ActionId, Approve: true, "alice", "looks right") { ParametersHash = pending.ParametersHash });

        Assert.Equal(Verdict.Approved, approved.Verdict);
        Assert.Equal("alice", approved.DecidedBy);
        Assert.True(approved.Outcome!.Succeeded, approved.Outcome.Detail);
        Assert.Single(fixture.Simulated.Executed, c => c.ActionId == proposal.ActionId && c.Kind == ActionKind.Restart);
        Assert.Empty(await governance.GetPending());
        Assert.Equal(["proposed", "decided", "approved", "executing", "executed"],
            (await fixture.Records.ReadAuditAsync(cluster, proposal.ActionId)).Select(a => a.Event));
        await Assert.ThrowsAsync<UnknownActionException>(() => governance.Decide(new ApprovalRequest(proposal.ActionId, true, "alice", null)));
    }

    [Fact]
    public async Task RejectedActionNeverRuns()
    {
        var (cluster, tenant) = await Scope("reject", riskTolerance: 0.1);
        fixture.Simulated.AddDeployment("shop", "reject-web", Profile, replicas: 4);
        var proposal = Proposals.Restart(tenant, cluster, "shop", "reject-web", 4, fixture.Time.GetUtcNow());
        var governance = Governance(cluster);
        await governance.Submit(proposal);

        var rejected = await governance.Decide(new ApprovalRequest(proposal.ActionId, Approve: false, "bob", "not during the sale"));

        Assert.Equal(Verdict.Rejected, rejected.Verdict);
        Assert.Contains("not during the sale", rejected.Reason);
        Assert.DoesNotContain(fixture.Simulated.Executed, c => c.ActionId == proposal.ActionId);
        Assert.Equal("rejected", (await fixture.Records.GetActionAsync(proposal.ActionId))!.Status);
    }

    [Fact]
    public async Task HeldActionExpiresWhenNobodyDecides()
    {
        var (cluster, tenant) = await Scope("expiry", riskTolerance: 0.1);
        fixture.Simulated.AddDeployment("shop", "expiry-web", Profile, replicas: 4);
        var proposal = Proposals.Restart(tenant, cluster, "shop", "expiry-web", 4, fixture.Time.GetUtcNow());
        var governance = Governance(cluster);
        await governance.Submit(proposal);

        fixture.Time.Advance(TimeSpan.FromMinutes(29));
        Assert.Single(await governance.GetPending());
        fixture.Time.Advance(TimeSpan.FromMinutes(1));

        Assert.Empty(await governance.GetPending());
        Assert.Equal(Verdict.Expired, (await governance.GetDecision(proposal.ActionId))!.Verdict);
        Assert.Equal("expired", (await fixture.Records.GetActionAsync(proposal.ActionId))!.Status);
        await Assert.ThrowsAsync<UnknownActionException>(() => governance.Decide(new ApprovalRequest(proposal.ActionId, true, "late", null)));
        Assert.DoesNotContain(fixture.Simulated.Executed, c => c.ActionId == proposal.ActionId);
    }

    private IGovernanceGrain Governance(string cluster) => fixture.Grains.GetGrain<IGovernanceGrain>(cluster);

    private async Task<(string Cluster, string Tenant)> Scope(string name, double riskTolerance, int maxReplicas = 20)
    {
        var tenant = $"{name}-tenant";
        await fixture.Grains.GetGrain<ITenantGrain>(tenant).SetPolicy(new TenantPolicy(riskTolerance, 1, maxReplicas));
        return ($"{name}-cluster", tenant);
    }
}
