using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Juno.Http.Auth;

/// <summary>Gates an endpoint on a role when API keys are configured: 401 without a known key, 403 without the role.
/// The caller is left in the request for the handler (the actor it records, the tenants it may act for).</summary>
public static class RoleFilter
{
    private const string CallerItem = "juno.caller";

    public static RouteHandlerBuilder RequireJunoRole(this RouteHandlerBuilder builder, string role) =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var keys = context.HttpContext.RequestServices.GetRequiredService<ApiKeys>();
            if (!keys.Enabled)
            {
                return await next(context);
            }

            var caller = keys.Resolve(context.HttpContext.Request);
            if (caller is null)
            {
                return Problems.Create(StatusCodes.Status401Unauthorized, "unauthenticated", "Who is calling?",
                    $"Send an API key as 'Authorization: Bearer <key>' or '{ApiKeys.KeyHeader}'.");
            }

            if (!caller.Has(role))
            {
                return Problems.Create(StatusCodes.Status403Forbidden, "forbidden", "Not allowed",
                    $"The key of '{caller.Name}' does not carry the {role} role.");
            }

            context.HttpContext.Items[CallerItem] = caller;
            return await next(context);
        });

    /// <summary>The caller the filter resolved, or null when the facade is open.</summary>
    public static Caller? CallerOf(HttpContext context) => context.Items.TryGetValue(CallerItem, out var caller) ? caller as Caller : null;
}
