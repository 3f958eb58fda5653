namespace Juno.Http.Auth;

/// <summary>Who a request comes from, as its API key says.</summary>
public sealed record Caller(string Name, IReadOnlySet<string> Roles, IReadOnlySet<string> Tenants)
{
    public const string AnyTenant = "*";

    /// <summary>Admin holds every role.</summary>
    public bool Has(string role) => Roles.Contains(role) || Roles.Contains(JunoRoles.Admin);

    public bool CanActFor(string? tenant) => Tenants.Contains(AnyTenant) || (tenant is not null && Tenants.Contains(tenant));
}

/// <summary>The roles a key can carry.</summary>
public static class JunoRoles
{
    /// <summary>Approves or rejects held actions of its tenants.</summary>
    public const string Approver = "approver";

    /// <summary>Changes governance policy and rolls adaptations back; holds every other role too.</summary>
    public const string Admin = "admin";

    public static readonly string[] All = [Approver, Admin];
}
