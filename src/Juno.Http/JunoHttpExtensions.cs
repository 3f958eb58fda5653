using System.Text.Json.Serialization;
using Juno.Http.Apis;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Juno.Http;

public static class JunoHttpExtensions
{
    /// <summary>Health checks tagged with this decide <c>/ready</c>; <c>/health</c> only says the process answers.</summary>
    public const string ReadyTag = "ready";

    public static IServiceCollection AddJunoHttp(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddOptions<Auth.ApiKeyOptions>().BindConfiguration(Auth.ApiKeyOptions.Section);
        services.AddSingleton<Auth.ApiKeys>();
        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            // Inputs still reject NaN/Infinity (they are not JSON); this only lets a forecast that
            // degenerated be written instead of failing the response.
            o.SerializerOptions.NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals;
        });
        return services;
    }

    public static IEndpointRouteBuilder MapJunoApi(this IEndpointRouteBuilder routes)
    {
        // Built now, so a misconfigured key fails the start instead of the first approval.
        _ = routes.ServiceProvider.GetRequiredService<Auth.ApiKeys>();
        routes.MapSamplesApi();
        routes.MapOperationsApi();
        routes.MapScalingApi();
        routes.MapRlApi();
        routes.MapModelsApi();
        routes.MapGovernanceApi();
        routes.MapHealingApi();
        routes.MapThreatsApi();
        routes.MapHealthChecks("/health", new HealthCheckOptions { Predicate = _ => false });
        routes.MapHealthChecks("/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        return routes;
    }
}
