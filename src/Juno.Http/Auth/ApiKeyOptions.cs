namespace Juno.Http.Auth;

/// <summary>API keys the HTTP facade accepts, bound from <c>Juno:Auth</c>. No keys: the facade is open (the embedded
/// default and tests of other parts), and the actor is whoever the request says it is.</summary>
public sealed class ApiKeyOptions
{
    public const string Section = "Juno:Auth";

    public List<ApiKeyEntry> ApiKeys { get; set; } = [];
}

/// <summary>One key: who holds it, what it may do, for which tenants ("*" for all).</summary>
public sealed class ApiKeyEntry
{
    public string Key { get; set; } = "";

    public string Name { get; set; } = "";

    public string[] Roles { get; set; } = [];

    public string[] Tenants { get; set; } = [];
}
