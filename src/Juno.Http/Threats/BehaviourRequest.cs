using Juno.Contracts.Actions;
using Juno.Contracts.Keys;
using Juno.Contracts.Threats;

namespace Juno.Http.Threats;

/// <summary>The JSON body of <c>POST /api/v4/threats/analyze</c>: one entity's behaviour samples, oldest first.</summary>
public sealed record BehaviourRequest(string? Kind, string? Entity, IReadOnlyList<BehaviourDto?>? Samples);

/// <summary>One sampling interval's behaviour as a tool sends it; counts for the interval. Nullable so a missing
/// field is reported by name.</summary>
public sealed record BehaviourDto(
    DateTimeOffset? Timestamp,
    double? ConnectionsOpened,
    double? DistinctDestinations,
    double? EgressBytes,
    double? AuthFailures,
    double? PrivilegedProcessStarts,
    double? DnsQueries,
    double? CpuUtilisation);

/// <summary>Checks a whole request before anything reaches the entity, with every problem named by its path.</summary>
public static class BehaviourRequestValidator
{
    public const int MaxErrorsReported = 20;

    public static (EntityKind Kind, string Entity, BehaviourSample[] Samples, List<string> Errors) Validate(BehaviourRequest request, DateTimeOffset now)
    {
        var errors = new List<string>();
        var kind = EntityKind.Workload;
        switch (request.Kind?.ToLowerInvariant())
        {
            case "workload":
                if (!EntityKeys.TryParseWorkload(request.Entity, out _, out var workloadError))
                {
                    errors.Add($"entity: {workloadError}");
                }

                break;
            case "node":
                kind = EntityKind.Node;
                if (!EntityKeys.TryParseNode(request.Entity, out _, out var nodeError))
                {
                    errors.Add($"entity: {nodeError}");
                }

                break;
            default:
                errors.Add($"kind '{request.Kind}' must be workload or node (tenants have no behaviour of their own)");
                break;
        }

        var samples = new BehaviourSample[request.Samples?.Count ?? 0];
        for (var i = 0; i < samples.Length; i++)
        {
            var problem = TryConvert(request.Samples![i], now, out samples[i]);
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
            }
        }

        return (kind, request.Entity ?? "", samples, errors);
    }

    private static string? TryConvert(BehaviourDto? dto, DateTimeOffset now, out BehaviourSample sample)
    {
        sample = default;
        if (dto is null)
        {
            return "is null";
        }

        if (dto.Timestamp is not { } timestamp)
        {
            return "timestamp is missing";
        }

        if (timestamp > now + Ingestion.SampleBatchValidator.MaxClockSkew)
        {
            return $"timestamp {timestamp:O} is more than {Ingestion.SampleBatchValidator.MaxClockSkew.TotalMinutes} minutes ahead of the server clock";
        }

        var missing = new List<string>();
        double Count(double? value, string name)
        {
            if (value is null)
            {
                missing.Add(name);
                return 0;
            }

            return value.Value;
        }

        sample = new BehaviourSample(
            timestamp.ToUnixTimeMilliseconds(),
            Count(dto.ConnectionsOpened, "connectionsOpened"),
            Count(dto.DistinctDestinations, "distinctDestinations"),
            Count(dto.EgressBytes, "egressBytes"),
            Count(dto.AuthFailures, "authFailures"),
            Count(dto.PrivilegedProcessStarts, "privilegedProcessStarts"),
            Count(dto.DnsQueries, "dnsQueries"),
            dto.CpuUtilisation ?? double.NaN);
        if (missing.Count > 0)
        {
            return $"{string.Join(", ", missing)} missing (send 0 for none)";
        }

        return sample.Validate();
    }
}
