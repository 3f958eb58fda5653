using Juno.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Juno.Integration.Tests.Infrastructure;

/// <summary>The real silo host (Program: Orleans, HTTP facade, dashboard) configured the way production is:
/// PostgreSQL for clustering, grain storage and records, migrations applied by the host at start. Only the
/// demo is off and the ports are free ones, so tests drive the entities themselves.</summary>
public sealed class SiloHostFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Cluster = "http";

    /// <summary>carol: approver for every tenant.</summary>
    public const string ApproverKey = "test-approver-carol-0001";

    /// <summary>dave: approver for tenant acme only.</summary>
    public const string AcmeApproverKey = "test-approver-dave-acme-0002";

    /// <summary>root: admin.</summary>
    public const string AdminKey = "test-admin-root-0003";

    public string ConnectionString { get; private set; } = "";

    public int GatewayPort { get; } = FreePorts.Next();

    private readonly int _siloPort = FreePorts.Next();

    public async Task InitializeAsync()
    {
        ConnectionString = await SharedPostgres.CreateDatabaseAsync();
        // Starting the host is what runs Program's migrations; force it now so every test sees a ready silo.
        _ = Server;
        await WaitUntilReadyAsync();
    }

    public new async Task DisposeAsync() => await base.DisposeAsync();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Juno:Storage:PostgresConnectionString", ConnectionString);
        builder.UseSetting("Juno:Cluster:Name", Cluster);
        builder.UseSetting("Juno:Demo:Enabled", "false");
        builder.UseSetting("Juno:Actuator:Mode", "simulated");
        builder.UseSetting("Juno:Orleans:SiloPort", _siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Juno:Orleans:GatewayPort", GatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Juno:Decision:TickInterval", "01:00:00");
        builder.UseSetting("Juno:Governance:ExpirySweepInterval", "01:00:00");
        builder.UseSetting("Juno:Governance:VerificationDelay", "00:00:00");
        var keys = new (string Key, string Name, string Role, string Tenant)[]
        {
            (ApproverKey, "carol", "approver", "*"), (AcmeApproverKey, "dave", "approver", "acme"), (AdminKey, "root", "admin", "*"),
        };
        for (var i = 0; i < keys.Length; i++)
        {
            builder.UseSetting($"Juno:Auth:ApiKeys:{i}:Key", keys[i].Key);
            builder.UseSetting($"Juno:Auth:ApiKeys:{i}:Name", keys[i].Name);
            builder.UseSetting($"Juno:Auth:ApiKeys:{i}:Roles:0", keys[i].Role);
            builder.UseSetting($"Juno:Auth:ApiKeys:{i}:Tenants:0", keys[i].Tenant);
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        using var client = CreateClient();
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var response = await client.GetAsync("/ready");
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"The silo host did not report ready within 60 s (last /ready: {(int)response.StatusCode}).");
            }

            await Task.Delay(100);
        }
    }
}
