using System.Text.Json;
using System.Text.Json.Serialization;
using Juno.Contracts.Actions;
using Juno.Contracts.Grains;
using Juno.Contracts.Keys;
using Juno.Contracts.Threats;
using Juno.Http.Threats;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Juno.Http.Apis;

/// <summary><c>/api/v4/threats</c>: behaviour in, alerts out, and a person's response to an alert.</summary>
public static class ThreatsApi
{
    public const int MaxLimit = 1_000;

    /// <summary>10,000 behaviour samples fit in about 2 MB.</summary>
    public const int MaxBodyBytes = 4 * 1024 * 1024;

    private static readonly JsonSerializerOptions StrictRead = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.Strict,
    };

    public static IEndpointRouteBuilder MapThreatsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v4/threats").WithTags("threats");
        group.MapGet("/alerts", (string? cluster, string? entity, int? limit, IGrainFactory grains, IOperationsInfo info) =>
                ListAsync(openOnly: true, cluster, entity, since: null, limit, grains, info))
            .WithSummary("Open threat alerts in a cluster, newest first.")
            .Produces<ThreatAlert[]>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/history", (string? cluster, string? entity, DateTimeOffset? since, int? limit, IGrainFactory grains, IOperationsInfo info) =>
                ListAsync(openOnly: false, cluster, entity, since, limit, grains, info))
            .WithSummary("Every threat alert in a cluster whatever its status, newest first.")
            .Produces<ThreatAlert[]>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/alerts/{alertId}", GetAsync)
            .WithSummary("One threat alert with its indicators, forensics and playbook.")
            .Produces<ThreatAlert>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/analyze", AnalyzeAsync)
            .WithSummary("Score one entity's behaviour samples; new threat episodes raise alerts and start their playbook.")
            .Accepts<BehaviourRequest>("application/json")
            .Produces<ThreatAnalysis>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        group.MapPost("/respond", RespondAsync)
            .WithSummary("Respond to an alert: isolate, raise_monitoring (both through governance), false_positive (the model learns) or dismiss.")
            .Accepts<RespondBody>("application/json")
            .Produces<ThreatResponseResult>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/alerts/{alertId}/false-positive", MarkFalsePositiveAsync)
            .WithSummary("Mark an alert a false positive: the entity's model learns the behaviour and the alert closes.")
            .Produces<ThreatResponseResult>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return routes;
    }

    private static async Task<IResult> ListAsync(bool openOnly, string? cluster, string? entity, DateTimeOffset? since, int? limit, IGrainFactory grains, IOperationsInfo info)
    {
        if (ClusterParameter.Resolve(cluster, info, out var resolved) is { } problem)
        {
            return problem;
        }

        if (limit is < 1 or > MaxLimit)
        {
            return Problems.BadRequest("invalid-parameter", "Invalid limit", $"limit must be between 1 and {MaxLimit}.");
        }

        return TypedResults.Ok(await grains.GetGrain<IThreatLogGrain>(resolved).List(openOnly, entity, since, limit ?? 100));
    }

    private static async Task<IResult> GetAsync(string alertId, string? cluster, IGrainFactory grains, IOperationsInfo info)
    {
        if (!Guid.TryParse(alertId, out var id))
        {
            return Problems.BadRequest("invalid-alert-id", "Invalid alert id", $"'{alertId}' is not an alert id (a GUID).");
        }

        if (ClusterParameter.Resolve(cluster, info, out var resolved) is { } problem)
        {
            return problem;
        }

        return await grains.GetGrain<IThreatLogGrain>(resolved).Get(id) is { } alert
            ? TypedResults.Ok(alert)
            : Problems.NotFound("unknown-alert", "Unknown alert", $"No threat alert {id} in cluster '{resolved}'.");
    }

    private static async Task<IResult> AnalyzeAsync(HttpRequest request, IGrainFactory grains, TimeProvider time, CancellationToken ct)
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

        BehaviourRequest? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize<BehaviourRequest>(body, StrictRead);
        }
        catch (JsonException ex)
        {
            return Problems.BadRequest("malformed-json", "Malformed JSON", ex.Message);
        }

        if (parsed?.Samples is not { Count: > 0 } samples)
        {
            return Problems.BadRequest("empty-batch", "Empty batch",
                "The body must be {\"kind\": \"workload\"|\"node\", \"entity\": \"...\", \"samples\": [...]} with at least one sample.");
        }

        if (samples.Count > BehaviourBatch.MaxSamples)
        {
            return Problems.TooLarge($"The batch has {samples.Count} samples; the limit is {BehaviourBatch.MaxSamples} per request.");
        }

        var (kind, entity, converted, errors) = BehaviourRequestValidator.Validate(parsed, time.GetUtcNow());
        if (errors.Count > 0)
        {
            return Problems.BadRequest("invalid-behaviour", "Invalid behaviour samples",
                $"{errors.Count} problem(s); nothing from this request was applied.",
                new Dictionary<string, object?> { ["errors"] = errors });
        }

        var batch = new BehaviourBatch(converted);
        IGuardedEntityGrain grain = kind == EntityKind.Node ? grains.GetGrain<INodeGrain>(entity) : grains.GetGrain<IWorkloadGrain>(entity);
        return TypedResults.Ok(await grain.AnalyzeBehaviour(batch));
    }

    private static async Task<IResult> RespondAsync(HttpRequest request, string? cluster, IGrainFactory grains, IOperationsInfo info, IOptions<JsonOptions> json)
    {
        RespondBody? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<RespondBody>(request.Body, json.Value.SerializerOptions);
        }
        catch (JsonException ex)
        {
            return Problems.BadRequest("malformed-json", "Malformed JSON", ex.Message);
        }

        if (body?.AlertId is not { } alertId)
        {
            return Problems.BadRequest("missing-alert-id", "Which alert?", "The body must name the alert: {\"alertId\": \"...\", \"response\": \"...\"}.");
        }

        if (!TryParseResponse(body.Response, out var response))
        {
            return Problems.BadRequest("invalid-response", "Unknown response",
                $"response '{body.Response}' must be one of isolate, raise_monitoring, false_positive, dismiss.");
        }

        return await RespondToAsync(alertId, response, body.Actor, body.Comment, request, cluster, grains, info);
    }

    private static async Task<IResult> MarkFalsePositiveAsync(string alertId, HttpRequest request, string? cluster, IGrainFactory grains, IOperationsInfo info, IOptions<JsonOptions> json)
    {
        if (!Guid.TryParse(alertId, out var id))
        {
            return Problems.BadRequest("invalid-alert-id", "Invalid alert id", $"'{alertId}' is not an alert id (a GUID).");
        }

        RespondBody? body = null;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            try
            {
                body = await JsonSerializer.DeserializeAsync<RespondBody>(request.Body, json.Value.SerializerOptions);
            }
            catch (JsonException ex)
            {
                return Problems.BadRequest("malformed-json", "Malformed JSON", ex.Message);
            }
        }

        return await RespondToAsync(id, ThreatResponseKind.FalsePositive, body?.Actor, body?.Comment, request, cluster, grains, info);
    }

    private static async Task<IResult> RespondToAsync(Guid alertId, ThreatResponseKind response, string? actor, string? comment,
        HttpRequest request, string? cluster, IGrainFactory grains, IOperationsInfo info)
    {
        if (ClusterParameter.Resolve(cluster, info, out var resolved) is { } problem)
        {
            return problem;
        }

        actor ??= request.Headers[GovernanceApi.ActorHeader].FirstOrDefault();
        if (string.IsNullOrWhiteSpace(actor))
        {
            return Problems.BadRequest("missing-actor", "Who responded?",
                $"Name the person responding in the body (\"actor\") or the {GovernanceApi.ActorHeader} header; the alert and audit log record it.");
        }

        try
        {
            return TypedResults.Ok(await grains.GetGrain<IThreatLogGrain>(resolved).Respond(new ThreatResponseRequest(alertId, response, actor, comment)));
        }
        catch (UnknownAlertException ex)
        {
            return Problems.NotFound("unknown-alert", "Unknown alert", $"{ex.Message} (cluster '{resolved}')");
        }
        catch (AlertClosedException ex)
        {
            return Problems.Create(StatusCodes.Status409Conflict, "alert-closed", "Alert already closed", ex.Message);
        }
    }

    private static bool TryParseResponse(string? text, out ThreatResponseKind response)
    {
        switch (text?.Replace("-", "_", StringComparison.Ordinal).ToLowerInvariant())
        {
            case "isolate":
                response = ThreatResponseKind.Isolate;
                return true;
            case "raise_monitoring" or "raisemonitoring" or "monitor":
                response = ThreatResponseKind.RaiseMonitoring;
                return true;
            case "false_positive" or "falsepositive":
                response = ThreatResponseKind.FalsePositive;
                return true;
            case "dismiss":
                response = ThreatResponseKind.Dismiss;
                return true;
            default:
                response = default;
                return false;
        }
    }

    /// <summary>The body of <c>POST /respond</c> (alertId and response required) and of the false-positive shortcut.</summary>
    public sealed record RespondBody(Guid? AlertId, string? Response, string? Actor, string? Comment);
}
