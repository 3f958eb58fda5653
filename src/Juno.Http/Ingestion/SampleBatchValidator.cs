using Juno.Contracts.Actions;
using Juno.Contracts.Keys;
using Juno.Contracts.Telemetry;

namespace Juno.Http.Ingestion;

/// <summary>Validates a whole request before anything is applied: a request is accepted entirely or not
/// at all, so a client that fixes its payload and resends never double-applies half of it.</summary>
public static class SampleBatchValidator
{
    /// <summary>How far ahead of the server clock a timestamp may be (clock skew). A sample from further in
    /// the future would make every later real sample of that metric look stale.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    public const int MaxErrorsReported = 20;

    public static ValidatedBatch Validate(SampleIngestRequest request, DateTimeOffset now)
    {
        var errors = new List<string>();
        var groups = new Dictionary<(EntityKind, string), List<MetricSample>>();
        var samples = request.Samples!;
        for (var i = 0; i < samples.Count; i++)
        {
            var problem = TryConvert(samples[i], now, out var kind, out var entity, out var sample);
            if (problem is not null)
            {
                if (errors.Count < MaxErrorsReported)
                {
                    errors.Add($"samples[{i}]: {problem}");
                }
                else
                {
                    errors[^1] = "... more errors omitted";
                }

                continue;
            }

            if (!groups.TryGetValue((kind, entity), out var list))
            {
                groups[(kind, entity)] = list = [];
            }

            list.Add(sample);
        }

        return new ValidatedBatch(errors, groups);
    }

    private static string? TryConvert(SampleDto? dto, DateTimeOffset now, out EntityKind kind, out string entity, out MetricSample sample)
    {
        kind = default;
        entity = "";
        sample = default;
        if (dto is null)
        {
            return "is null";
        }

        switch (dto.Kind?.ToLowerInvariant())
        {
            case "workload":
                kind = EntityKind.Workload;
                if (!EntityKeys.TryParseWorkload(dto.Entity, out _, out var workloadError))
                {
                    return workloadError;
                }

                break;
            case "node":
                kind = EntityKind.Node;
                if (!EntityKeys.TryParseNode(dto.Entity, out _, out var nodeError))
                {
                    return nodeError;
                }

                break;
            case "tenant":
                kind = EntityKind.Tenant;
                if (!EntityKeys.IsValidSegment(dto.Entity, out var tenantError))
                {
                    return $"tenant '{dto.Entity}' {tenantError}";
                }

                break;
            default:
                return $"kind '{dto.Kind}' must be workload, node or tenant";
        }

        entity = dto.Entity!;
        if (!MetricKinds.TryParse(dto.Metric, out var metric))
        {
            return $"metric '{dto.Metric}' is not one of {string.Join(", ", MetricKinds.All.Select(m => m.WireName()))}";
        }

        if (dto.Timestamp is not { } timestamp)
        {
            return "timestamp is missing";
        }

        if (timestamp > now + MaxClockSkew)
        {
            return $"timestamp {timestamp:O} is more than {MaxClockSkew.TotalMinutes} minutes ahead of the server clock";
        }

        if (dto.Value is not { } value)
        {
            return "value is missing";
        }

        if (!double.IsFinite(value))
        {
            return "value must be a finite number";
        }

        sample = new MetricSample(metric, timestamp.ToUnixTimeMilliseconds(), value);
        return null;
    }
}

public sealed record ValidatedBatch(IReadOnlyList<string> Errors, IReadOnlyDictionary<(EntityKind Kind, string Entity), List<MetricSample>> Entities);
