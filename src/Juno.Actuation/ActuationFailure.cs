namespace Juno.Actuation;

/// <summary>Why a command failed, in terms a caller can act on.</summary>
public enum ActuationFailure
{
    /// <summary>The target does not exist.</summary>
    NotFound,

    /// <summary>The target kept changing underneath us; retries were exhausted.</summary>
    Conflict,

    /// <summary>The cluster rejected the change itself (for example a negative replica count).</summary>
    Invalid,

    /// <summary>Juno's identity may not make this change (RBAC).</summary>
    Forbidden,

    /// <summary>The cluster did not answer usefully (5xx, throttling, timeouts) after retries.</summary>
    Unavailable,
}
