using Juno.Grains.Hosting;
using Juno.Http;
using Juno.Silo.Demo;
using Juno.Silo.Hosting;
using Orleans.Dashboard;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddJunoDemo(builder.Configuration);
builder.Services.AddJunoGrainServices(builder.Configuration);
builder.Services.AddJunoHttp();
builder.Services.AddSingleton<IOperationsInfo, SiloOperationsInfo>();
builder.Services.AddSingleton<SiloReadiness>();
builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<SiloReadiness>());
builder.Services.AddHealthChecks().AddCheck<SiloReadiness>("silo", tags: [JunoHttpExtensions.ReadyTag]);
builder.UseOrleans(silo => silo.UseJunoProviders(builder.Configuration).AddDashboard());

var app = builder.Build();
await StartupChecks.PrepareStorageAsync(app.Configuration, app.Logger, app.Lifetime.ApplicationStopping);
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapJunoApi();
app.MapOrleansDashboard(routePrefix: "/dashboard");
app.MapGet("/", () => Results.Redirect("/api/v4/operations/status")).ExcludeFromDescription();
await app.RunAsync();

/// <summary>Visible to the functional tests' WebApplicationFactory.</summary>
public partial class Program;
