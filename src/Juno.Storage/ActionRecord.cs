namespace Juno.Storage;

/// <summary>
/// The stored state of one proposed action. JSON fields come back as the store renders them (PostgreSQL's
/// jsonb normalises whitespace and key order), so compare them as JSON, not as text.
/// </summary>
public sealed record ActionRecord(
    Guid ActionId,
    string Cluster,
    string Tenant,
    string Entity,
    string Kind,
    string ParametersJson,
    string Status,
    string? Verdict,
    double Risk,
    DateTimeOffset ProposedAt,
    DateTimeOffset UpdatedAt,
    string? OutcomeJson);
