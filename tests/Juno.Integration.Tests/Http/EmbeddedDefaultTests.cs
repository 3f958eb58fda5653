using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Juno.Integration.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Xunit;

namespace Juno.Integration.Tests.Http;

/// <summary>What README's run command starts: no PostgreSQL configured (so localhost clustering and memory
/// storage, reported as not durable) and the demo estate on the simulated cluster, which must produce
/// forecasts, incidents and governance decisions on its own.</summary>
public sealed class EmbeddedDefaultTests : IAsyncLifetime
{
    private readonly EmbeddedSilo _silo = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task DemoRunsTheWholeLoopWithoutExternalServices()
    {
        using var client = _silo.CreateClient();

        var status = await client.GetFromJsonAsync<JsonElement>("/api/v4/operations/status", HttpJson.Options);
        Assert.False(status.GetProperty("storage").GetProperty("durable").GetBoolean());
        Assert.Contains("NOT DURABLE", status.GetProperty("storage").GetProperty("description").GetString());

        // The demo runs on its own clock; wait (bounded) for it to have decided something and opened an incident.
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(120);
        JsonElement decisions, incidents;
        do
        {
            await Task.Delay(500);
            decisions = await client.GetFromJsonAsync<JsonElement>("/api/v4/governance/decisions", HttpJson.Options);
            incidents = await client.GetFromJsonAsync<JsonElement>("/api/v4/healing/incidents", HttpJson.Options);
        }
        while ((decisions.GetArrayLength() == 0 || incidents.GetArrayLength() == 0) && DateTimeOffset.UtcNow < deadline);

        Assert.True(decisions.GetArrayLength() > 0, "the demo made no governance decision within 120 s");
        Assert.True(incidents.GetArrayLength() > 0, "the demo opened no incident within 120 s");
        var forecast = await client.GetFromJsonAsync<JsonElement>("/api/v4/scaling/forecast?workload=acme/local/shop/checkout", HttpJson.Options);
        var cpu = forecast.GetProperty("metrics").EnumerateArray().First(m => m.GetProperty("metric").GetString() == "Cpu");
        Assert.True(cpu.GetProperty("seasonalityLearned").GetBoolean(), "48 h of backfill should teach the daily pattern");
        status = await client.GetFromJsonAsync<JsonElement>("/api/v4/operations/status", HttpJson.Options);
        Assert.Equal(5, status.GetProperty("workloads").GetArrayLength());
        Assert.Equal(3, status.GetProperty("nodes").GetArrayLength());
    }

    private sealed class EmbeddedSilo : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Juno:Storage:PostgresConnectionString", "");
            builder.UseSetting("Juno:Demo:Enabled", "true");
            builder.UseSetting("Juno:Demo:Speed", "120");
            builder.UseSetting("Juno:Decision:TickInterval", "00:00:02");
            builder.UseSetting("Juno:Orleans:SiloPort", FreePorts.Next().ToString(CultureInfo.InvariantCulture));
            builder.UseSetting("Juno:Orleans:GatewayPort", FreePorts.Next().ToString(CultureInfo.InvariantCulture));
        }
    }
}
