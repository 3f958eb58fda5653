using Juno.Contracts.Actions;
using Juno.Contracts.Governance;
using Juno.Contracts.Grains;
using Juno.Grains.Options;
using Juno.Integration.Tests.Infrastructure;
using Xunit;

namespace Juno.Integration.Tests.Grains;

/// <summary>The governance policy a cluster starts from comes from configuration (<c>Juno:Governance:Policy</c>),
/// tenant overrides included; one set over HTTP or the SDK wins over it.</summary>
public sealed class ConfiguredPolicyTests(ConfiguredPolicyTests.Fixture fixture) : IClassFixture<ConfiguredPolicyTests.Fixture>
{
    public sealed class Fixture : GrainClusterFixture
    {
        protected override IDictionary<string, string?> Settings(string connectionString)
        {
            var settings = base.Settings(connectionString);
            settings["Juno:Governance:Policy:AlwaysHuman:0"] = "Drain";
            settings["Juno:Governance:Policy:AutoApproveAt:ScaleIn"] = "0.1";
            settings["Juno:Governance:Policy:TenantPerMinute"] = "5";
            settings["Juno:Governance:Policy:Tenants:strict:AlwaysHuman:0"] = "ScaleOut";
            return settings;
        }
    }

    [Fact]
    public async Task TheConfiguredPolicyAndTenantOverrideApplyUntilOneIsSet()
    {
        const string Cluster = "configured";
        var governance = fixture.Grains.GetGrain<IGovernanceGrain>(Cluster);
        await fixture.Grains.GetGrain<ITenantGrain>("strict").SetPolicy(new TenantPolicy(0.9, 1, 20));
        await fixture.Grains.GetGrain<ITenantGrain>("relaxed").SetPolicy(new TenantPolicy(0.9, 1, 20));

        var cluster = await governance.GetPolicy(null);
        Assert.Equal([ActionKind.Drain], cluster.Policy.AlwaysHuman);
        Assert.Equal(0.1, cluster.Policy.AutoApproveAt[ActionKind.ScaleIn]);
        Assert.Equal(new RateLimits(10, 5, 5), cluster.Policy.RateLimits);
        var strict = await governance.GetPolicy("strict");
        Assert.True(strict.TenantOverride);
        Assert.Equal([ActionKind.ScaleOut], strict.Policy.AlwaysHuman);

        fixture.Simulated.AddDeployment("shop", "configured-web", new() { BaseRequestRate = 100, PodCapacity = 50 }, replicas: 4);
        var held = await governance.Submit(Proposals.Scale("strict", Cluster, "shop", "configured-web", 4, 5, fixture.Time.GetUtcNow()));
        var ran = await governance.Submit(Proposals.Scale("relaxed", Cluster, "shop", "configured-web", 4, 5, fixture.Time.GetUtcNow()));
        Assert.Equal(Verdict.Held, held.Verdict);
        Assert.Equal(Verdict.AutoApproved, ran.Verdict);

        await governance.SetPolicy(new PolicyChange("strict", GovernancePolicy.Default, "root", "lift the override"));
        Assert.Empty((await governance.GetPolicy("strict")).Policy.AlwaysHuman);
    }

    [Fact]
    public void AnInvalidConfiguredPolicyFailsTheStartWithItsReason()
    {
        var options = new GovernanceOptions
        {
            Policy = new GovernancePolicyOptions
            {
                TenantPerMinute = 50,
                Tenants = { ["t"] = new GovernancePolicyOptions { AutoApproveAt = { [ActionKind.Restart] = 2 } } },
            },
        };

        Assert.Equal("Juno:Governance:Policy: rateLimits.tenantPerMinute must be between 1 and clusterPerMinute.", options.Validate());
        options.Policy.TenantPerMinute = null;
        Assert.Equal("Juno:Governance:Policy:Tenants:t: autoApproveAt.Restart must be a risk in [0, 1].", options.Validate());
    }
}
