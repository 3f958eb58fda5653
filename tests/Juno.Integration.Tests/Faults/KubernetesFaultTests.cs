using System.Net;
using Juno.Actuation;
using Juno.Contracts.Actions;
using Juno.Contracts.Governance;
using Juno.Contracts.Grains;
using Juno.Integration.Tests.Infrastructure;
using Juno.Testing.Emulator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace Juno.Integration.Tests.Faults;

/// <summary>
/// Governance acting through the Kubernetes actuator on the API-server emulator (real HTTP) while the server fails:
/// 500s that clear, 500s that don't, requests that time out. Every action ends with one record, the cluster changes at
/// most once per action id, and the audit chain verifies.
/// </summary>
public sealed class KubernetesFaultTests(KubernetesFaultTests.Fixture fixture) : IClassFixture<KubernetesFaultTests.Fixture>
{
    public sealed class Fixture : GrainClusterFixture
    {
        internal KubernetesApiEmulator Emulator { get; private set; } = null!;

        private k8s.Kubernetes _client = null!;

        public IGovernanceGrain Governance => Grains.GetGrain<IGovernanceGrain>(Cluster);

        public override async Task InitializeAsync()
        {
            Emulator = await KubernetesApiEmulator.StartAsync();
            _client = Emulator.CreateClient(TimeSpan.FromSeconds(1));
            await base.InitializeAsync();
            await Grains.GetGrain<ITenantGrain>("k8s").SetPolicy(new TenantPolicy(0.9, 1, 20));
        }

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            _client.Dispose();
            await Emulator.DisposeAsync();
        }

        /// <summary>The real actuator, on the real clock: its retry backoff must elapse while the test's clock stands still.</summary>
        protected override void ConfigureServices(IServiceCollection services) =>
            services.AddSingleton<IClusterActuator>(_ => new KubernetesActuator(
                _client,
                Options.Create(new KubernetesActuatorOptions { MaxAttempts = 4, BaseBackoff = TimeSpan.FromMilliseconds(20) }),
                NullLogger<KubernetesActuator>.Instance,
                TimeProvider.System));
    }

    [Fact]
    public async Task FiveHundredsThatClearAreRetriedAndTheScaleLandsOnce()
    {
        fixture.Emulator.AddDeployment("shop", "k8s-retry", replicas: 3, readyReplicas: 3);
        fixture.Emulator.FailNext(2, HttpStatusCode.InternalServerError);
        var action = Proposals.Scale("k8s", GrainClusterFixture.Cluster, "shop", "k8s-retry", 3, 4, fixture.Time.GetUtcNow());

        var decision = await fixture.Governance.Submit(action);

        Assert.True(decision.Outcome!.Succeeded, decision.Outcome.Detail);
        Assert.Equal(4, fixture.Emulator.Deployment("shop", "k8s-retry").Spec.Replicas);
        Assert.Single(fixture.Emulator.Requests, r => r.Method == "PUT" && r.Path.EndsWith("/k8s-retry/scale", StringComparison.Ordinal));
        await AssertOneRecordAsync(action, "succeeded", ["proposed", "decided", "executing", "executed"]);
    }

    [Fact]
    public async Task FiveHundredsThatPersistFailTheActionOnceAndAResubmissionDoesNotRunIt()
    {
        fixture.Emulator.AddDeployment("shop", "k8s-down", replicas: 3, readyReplicas: 3);
        fixture.Emulator.FailNext(100, HttpStatusCode.InternalServerError);
        var action = Proposals.Scale("k8s", GrainClusterFixture.Cluster, "shop", "k8s-down", 3, 4, fixture.Time.GetUtcNow());

        var decision = await fixture.Governance.Submit(action);
        fixture.Emulator.ClearFaults();

        Assert.False(decision.Outcome!.Succeeded);
        Assert.Contains("Unavailable", decision.Outcome.Detail);
        Assert.Contains("after 4 attempts", decision.Outcome.Detail);
        await AssertOneRecordAsync(action, "failed", ["proposed", "decided", "executing", "failed"]);

        // The server is back; the same action proposed again is answered from its record, and nothing is sent.
        var before = fixture.Emulator.Requests.Count;
        var again = await fixture.Governance.Submit(action);
        Assert.Equal((decision.Verdict, decision.Reason, decision.DecidedAt, false), (again.Verdict, again.Reason, again.DecidedAt, again.Outcome!.Succeeded));
        Assert.Equal(before, fixture.Emulator.Requests.Count);
        Assert.Equal(3, fixture.Emulator.Deployment("shop", "k8s-down").Spec.Replicas);
    }

    [Fact]
    public async Task ARequestThatTimesOutIsRetriedAndTheRestartAppliesOnce()
    {
        fixture.Emulator.AddDeployment("shop", "k8s-slow", replicas: 3, readyReplicas: 3);
        fixture.Emulator.DelayNext(1, TimeSpan.FromSeconds(10), "PATCH");
        var action = Proposals.Restart("k8s", GrainClusterFixture.Cluster, "shop", "k8s-slow", 3, fixture.Time.GetUtcNow());
        await fixture.Grains.GetGrain<ITenantGrain>("k8s-restart").SetPolicy(new TenantPolicy(0.99, 1, 20));

        var decision = await fixture.Governance.Submit(action with { Tenant = "k8s-restart" });

        Assert.True(decision.Outcome!.Succeeded, decision.Outcome.Detail);
        var deployment = fixture.Emulator.Deployment("shop", "k8s-slow");
        Assert.Equal(action.ActionId.ToString(), deployment.Metadata.Annotations["juno.io/last-action-id"]);
        // The first PATCH never reached the store (the client gave up first); the retry's did, once.
        Assert.Equal(2, fixture.Emulator.Requests.Count(r => r.Method == "PATCH" && r.Path.EndsWith("/k8s-slow", StringComparison.Ordinal)));
        await AssertOneRecordAsync(action, "succeeded", ["proposed", "decided", "executing", "executed"]);
    }

    private async Task AssertOneRecordAsync(ProposedAction action, string status, string[] events)
    {
        Assert.Equal(status, (await fixture.Records.GetActionAsync(action.ActionId))!.Status);
        Assert.Equal(events, (await fixture.Records.ReadAuditAsync(GrainClusterFixture.Cluster, action.ActionId)).Select(a => a.Event));
        var chain = await fixture.Governance.VerifyAudit();
        Assert.True(chain.Valid, chain.Problem);
    }
}
