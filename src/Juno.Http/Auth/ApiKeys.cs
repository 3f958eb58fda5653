using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Juno.Http.Auth;

/// <summary>
/// Resolves a request's API key (<c>Authorization: Bearer</c> or <c>X-Api-Key</c>) to its <see cref="Caller"/>. Keys
/// are compared as SHA-256 digests in constant time, so neither the comparison's timing nor a heap dump of the lookup
/// gives a key away.
/// </summary>
public sealed class ApiKeys
{
    public const string KeyHeader = "X-Api-Key";

    private readonly List<(byte[] Digest, Caller Caller)> _keys = [];

    public ApiKeys(IOptions<ApiKeyOptions> options, ILogger<ApiKeys> logger)
    {
        foreach (var entry in options.Value.ApiKeys)
        {
            if (Problem(entry) is { } problem)
            {
                throw new OptionsValidationException(ApiKeyOptions.Section, typeof(ApiKeyOptions), [problem]);
            }

            _keys.Add((Digest(entry.Key), new Caller(entry.Name,
                entry.Roles.ToHashSet(StringComparer.Ordinal), entry.Tenants.ToHashSet(StringComparer.Ordinal))));
        }

        if (_keys.Count == 0)
        {
            logger.LogWarning("No API keys configured ({Section}:ApiKeys): approvals and policy changes over HTTP are open to anyone who can reach the facade", ApiKeyOptions.Section);
        }
    }

    /// <summary>False when no keys are configured: the facade is open.</summary>
    public bool Enabled => _keys.Count > 0;

    public Caller? Resolve(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var presented = request.Headers.Authorization.FirstOrDefault() is { } authorization && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? authorization["Bearer ".Length..].Trim()
            : request.Headers[KeyHeader].FirstOrDefault();
        if (string.IsNullOrEmpty(presented))
        {
            return null;
        }

        var digest = Digest(presented);
        Caller? found = null;
        foreach (var (known, caller) in _keys)
        {
            // Every key is compared, so the time taken does not say which one matched.
            if (CryptographicOperations.FixedTimeEquals(known, digest))
            {
                found = caller;
            }
        }

        return found;
    }

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private static string? Problem(ApiKeyEntry entry) =>
        entry.Key.Length < 16 ? $"API key '{entry.Name}' is shorter than 16 characters"
        : string.IsNullOrWhiteSpace(entry.Name) ? "every API key needs a name (the actor the audit log records)"
        : entry.Roles.Length == 0 || entry.Roles.Any(r => !JunoRoles.All.Contains(r)) ? $"API key '{entry.Name}': roles must be among {string.Join(", ", JunoRoles.All)}"
        : entry.Tenants.Length == 0 ? $"API key '{entry.Name}' names no tenants (\"*\" for all)"
        : null;
}
