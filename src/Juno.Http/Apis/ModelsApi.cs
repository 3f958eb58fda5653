using System.Text.RegularExpressions;
using Juno.Contracts.Grains;
using Juno.Contracts.Models;
using Juno.Http.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Juno.Http.Apis;

/// <summary><c>/api/v4/models</c>: bring-your-own ONNX models. Upload a version (raw bytes), see the versions, activate,
/// roll back, split traffic and shadow, and run rows through what serves a caller.</summary>
public static partial class ModelsApi
{
    public const string MetadataHeader = "X-Juno-Model-Metadata";

    /// <summary>Control bodies are small; rows for inference can be many.</summary>
    public const int MaxControlBytes = 16 * 1024;
    public const int MaxInferBytes = 16 * 1024 * 1024;

    public sealed record ActivateBody(int? Version, string? Actor, string? Reason);

    public sealed record RollbackBody(string? Actor, string? Reason);

    public sealed record RoutingBody(Dictionary<int, double>? Split, int[]? Shadows, string? Actor, string? Reason);

    public sealed record InferBody(float[][]? Rows, string? Key);

    public static IEndpointRouteBuilder MapModelsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v4/models").WithTags("models");
        group.MapPost("/{name}/versions", UploadAsync)
            .WithSummary("Upload an ONNX file (raw bytes, application/octet-stream; metadata as JSON in the X-Juno-Model-Metadata header). Validated before it is stored; not active until activated. Admin role.")
            .Produces<ModelVersion>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .RequireJunoRole(JunoRoles.Admin);
        group.MapGet("/{name}", GetAsync)
            .WithSummary("The model's versions (with SHA-256, shapes, opset, metadata), the active one, the split, the shadows and the change history.")
            .Produces<ModelView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{name}/activate", ActivateAsync)
            .WithSummary("Serve a version. Admin role.")
            .Produces<ModelView>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireJunoRole(JunoRoles.Admin);
        group.MapPost("/{name}/rollback", RollbackAsync)
            .WithSummary("Serve the version that was active before the current one again. Admin role.")
            .Produces<ModelView>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .RequireJunoRole(JunoRoles.Admin);
        group.MapPut("/{name}/routing", SetRoutingAsync)
            .WithSummary("A/B split (version -> share of callers, at most 0.5 together) and shadows (run and compared, not returned). Admin role.")
            .Produces<ModelView>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireJunoRole(JunoRoles.Admin);
        group.MapPost("/{name}/infer", InferAsync)
            .WithSummary("Run rows through the version serving the caller's key (and the shadows beside it).")
            .Produces<ModelAnswer>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return routes;
    }

    private static async Task<IResult> UploadAsync(string name, string? actor, HttpRequest request, IGrainFactory grains)
    {
        if (NameProblem(name) is { } invalid)
        {
            return invalid;
        }

        if (request.ContentLength > IModelRegistryGrain.MaxModelBytes)
        {
            return Problems.TooLarge($"The file is {request.ContentLength} bytes; the limit is {IModelRegistryGrain.MaxModelBytes}.");
        }

        var bytes = await BoundedBody.ReadAsync(request.Body, IModelRegistryGrain.MaxModelBytes, request.HttpContext.RequestAborted);
        if (bytes is null)
        {
            return Problems.TooLarge($"The file exceeds {IModelRegistryGrain.MaxModelBytes} bytes.");
        }

        var who = RoleFilter.CallerOf(request.HttpContext)?.Name ?? actor;
        if (string.IsNullOrWhiteSpace(who))
        {
            return Problems.BadRequest("missing-actor", "Who is uploading?", "Name the actor (?actor=...) or send an API key.");
        }

        try
        {
            var version = await grains.GetGrain<IModelRegistryGrain>(name).Upload(bytes, request.Headers[MetadataHeader].ToString(), who);
            return TypedResults.Created($"/api/v4/models/{name}", version);
        }
        catch (ModelRejectedException ex)
        {
            return Problems.BadRequest("model-rejected", "The model was refused", ex.Message);
        }
    }

    private static async Task<IResult> GetAsync(string name, IGrainFactory grains)
    {
        if (NameProblem(name) is { } invalid)
        {
            return invalid;
        }

        var view = await grains.GetGrain<IModelRegistryGrain>(name).Get();
        return view.Versions.Length == 0 ? UnknownModel(name, null) : TypedResults.Ok(view);
    }

    private static Task<IResult> ActivateAsync(string name, HttpRequest request, IGrainFactory grains, IOptions<JsonOptions> json) =>
        ControlAsync<ActivateBody>(name, request, json, (registry, body, actor) => body.Version is { } version
            ? registry.Activate(version, actor, body.Reason ?? "")
            : throw new ModelRejectedException("The body must name the version: {\"version\": 2}."), b => b.Actor, grains);

    private static Task<IResult> RollbackAsync(string name, HttpRequest request, IGrainFactory grains, IOptions<JsonOptions> json) =>
        ControlAsync<RollbackBody>(name, request, json, (registry, body, actor) => registry.Rollback(actor, body.Reason ?? ""), b => b.Actor, grains);

    private static Task<IResult> SetRoutingAsync(string name, HttpRequest request, IGrainFactory grains, IOptions<JsonOptions> json) =>
        ControlAsync<RoutingBody>(name, request, json, (registry, body, actor) => registry.SetRouting(body.Split ?? [], body.Shadows ?? [], actor, body.Reason ?? ""), b => b.Actor, grains);

    private static async Task<IResult> ControlAsync<TBody>(string name, HttpRequest request, IOptions<JsonOptions> json,
        Func<IModelRegistryGrain, TBody, string, Task<ModelView>> change, Func<TBody, string?> bodyActor, IGrainFactory grains)
        where TBody : class
    {
        if (NameProblem(name) is { } invalid)
        {
            return invalid;
        }

        var (body, problem) = await JsonBody.ReadAsync<TBody>(request, json, MaxControlBytes);
        if (problem is not null)
        {
            return problem;
        }

        var actor = RoleFilter.CallerOf(request.HttpContext)?.Name ?? bodyActor(body!);
        if (string.IsNullOrWhiteSpace(actor))
        {
            return Problems.BadRequest("missing-actor", "Who is changing it?", "Name the actor in the body (\"actor\") or send an API key.");
        }

        try
        {
            return TypedResults.Ok(await change(grains.GetGrain<IModelRegistryGrain>(name), body!, actor));
        }
        catch (UnknownModelVersionException ex)
        {
            return UnknownModel(name, ex.Version);
        }
        catch (ModelRejectedException ex)
        {
            return Problems.BadRequest("model-rejected", "The change was refused", ex.Message);
        }
    }

    private static async Task<IResult> InferAsync(string name, HttpRequest request, IGrainFactory grains, IOptions<JsonOptions> json)
    {
        if (NameProblem(name) is { } invalid)
        {
            return invalid;
        }

        var (body, problem) = await JsonBody.ReadAsync<InferBody>(request, json, MaxInferBytes);
        if (problem is not null)
        {
            return problem;
        }

        var rows = body!.Rows;
        if (rows is not { Length: > 0 } || rows.Any(r => r is null || r.Length != rows[0].Length || r.Length == 0))
        {
            return Problems.BadRequest("invalid-rows", "Invalid rows", "rows must be a non-empty array of rows of the same, non-zero length.");
        }

        try
        {
            var answer = await grains.GetGrain<IModelRegistryGrain>(name).Infer([.. rows.SelectMany(r => r)], body.Key ?? "");
            return TypedResults.Ok(answer);
        }
        catch (UnknownModelVersionException ex)
        {
            return UnknownModel(name, ex.Version);
        }
        catch (ModelRejectedException ex)
        {
            return Problems.Create(StatusCodes.Status409Conflict, "model-refused", "The serving version could not be loaded", ex.Message);
        }
        catch (ArgumentException ex)
        {
            return Problems.BadRequest("invalid-rows", "Invalid rows", ex.Message);
        }
    }

    private static IResult? NameProblem(string name) =>
        ValidName().IsMatch(name) ? null : Problems.BadRequest("invalid-model-name", "Invalid model name", $"'{name}' is not a model name: lowercase letters, digits and '-', 1-63 characters.");

    private static IResult UnknownModel(string name, int? version) =>
        Problems.NotFound("unknown-model", "Unknown model", version is null ? $"Model '{name}' has no versions, or none active." : $"Model '{name}' has no version {version}.");

    [GeneratedRegex(IModelRegistryGrain.NamePattern)]
    private static partial Regex ValidName();
}
