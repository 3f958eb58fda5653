using System.Text.Json;
using System.Text.Json.Serialization;
using Juno.Contracts.Actions;
using Juno.Contracts.Grains;
using Juno.Contracts.Telemetry;
using Juno.Http.Ingestion;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Juno.Http.Apis;

/// <summary><c>POST /api/v1/samples</c>: JSON telemetry batches, one grain call per entity.</summary>
public static class SamplesApi
{
    /// <summary>Bodies larger than this are refused before parsing (10,000 samples fit in about 1.5 MB).</summary>
    public const int MaxBodyBytes = 4 * 1024 * 1024;

    /// <summary>Strict reading: numbers must be JSON numbers, so "NaN" and "Infinity" in any spelling are
    /// malformed input rather than values that slip through to the models.</summary>
    private static readonly JsonSerializerOptions ReadOptions = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.Strict,
    };

    public static IEndpointRouteBuilder MapSamplesApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/v1/samples", IngestAsync)
            .WithName("IngestSamples")
            .WithSummary("Ingest a batch of metric samples for workloads, nodes and tenants.")
            .Accepts<SampleIngestRequest>("application/json")
            .Produces<SampleIngestResponse>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return routes;
    }

    private static async Task<IResult> IngestAsync(HttpRequest request, IGrainFactory grains, IOptions<JsonOptions> json, TimeProvider time, CancellationToken ct)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return Problems.TooLarge($"The body is {request.ContentLength} bytes; the limit is {MaxBodyBytes}.");
        }

        var body = await BoundedBody.ReadAsync(request.Body, MaxBodyBytes, ct);
        if (body is null)
        {
            return Problems.TooLarge($"The body exceeds {MaxBodyBytes} bytes.");
        }

        SampleIngestRequest? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize<SampleIngestRequest>(body, ReadOptions);
        }
        catch (JsonException ex)
        {
            // NaN and Infinity are not JSON numbers, so they fail here too, with the position.
            return Problems.BadRequest("malformed-json", "Malformed JSON", $"{ex.Message}");
        }

        if (parsed?.Samples is not { Count: > 0 } samples)
        {
            return Problems.BadRequest("empty-batch", "Empty batch", "The body must be {\"samples\": [...]} with at least one sample.");
        }

        if (samples.Count > SampleBatch.MaxSamples)
        {
            return Problems.TooLarge($"The batch has {samples.Count} samples; the limit is {SampleBatch.MaxSamples} per request.");
        }

        var validated = SampleBatchValidator.Validate(parsed, time.GetUtcNow());
        if (validated.Errors.Count > 0)
        {
            return Problems.BadRequest("invalid-samples", "Invalid samples",
                $"{validated.Errors.Count} sample(s) are invalid; nothing from this request was applied.",
                new Dictionary<string, object?> { ["errors"] = validated.Errors });
        }

        var results = await Task.WhenAll(validated.Entities.Select(group => IngestEntity(grains, group.Key.Kind, group.Key.Entity, group.Value)));
        return TypedResults.Json(
            new SampleIngestResponse(
                results.Sum(r => r.Accepted),
                results.Sum(r => r.DroppedStale),
                results.Sum(r => r.RejectedNonFinite),
                results.Length,
                results.Max(r => r.MaxAnomalyScore)),
            json.Value.SerializerOptions,
            statusCode: StatusCodes.Status202Accepted);
    }

    private static Task<IngestResult> IngestEntity(IGrainFactory grains, EntityKind kind, string entity, List<MetricSample> samples)
    {
        var batch = new SampleBatch([.. samples]);
        return kind switch
        {
            EntityKind.Workload => grains.GetGrain<IWorkloadGrain>(entity).Ingest(batch),
            EntityKind.Node => grains.GetGrain<INodeGrain>(entity).Ingest(batch),
            _ => grains.GetGrain<ITenantGrain>(entity).Ingest(batch),
        };
    }
}
