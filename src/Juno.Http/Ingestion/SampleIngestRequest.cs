namespace Juno.Http.Ingestion;

/// <summary>The JSON body of <c>POST /api/v1/samples</c>.</summary>
public sealed record SampleIngestRequest(IReadOnlyList<SampleDto?>? Samples);

/// <summary>One sample as a tool sends it. Everything is nullable so a missing field is reported by
/// name rather than failing the whole parse.</summary>
public sealed record SampleDto(string? Kind, string? Entity, string? Metric, DateTimeOffset? Timestamp, double? Value);

/// <summary>The answer to an accepted request.</summary>
public sealed record SampleIngestResponse(int Accepted, int DroppedStale, int RejectedNonFinite, int Entities, double MaxAnomalyScore);
