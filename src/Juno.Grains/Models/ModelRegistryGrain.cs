using System.Text.Json;
using System.Text.RegularExpressions;
using Juno.Contracts.Grains;
using Juno.Contracts.Models;
using Juno.Contracts.Policies;
using Juno.Grains.Entities;
using Juno.Inference;
using Juno.Storage;
using Microsoft.Extensions.Logging;

namespace Juno.Grains.Models;

/// <summary>
/// A bring-your-own model. Uploads are validated before anything is stored: the bytes must parse as ONNX, import a
/// default-domain opset this ONNX Runtime runs, and load as one float [batch, n] input and output. Files live in
/// PostgreSQL (model_files) with their SHA-256, which every silo checks again when it loads one; this grain holds what
/// serves: the active version, an A/B split, shadows, and the history for rollback. Every change is audited under
/// <see cref="AuditScope"/>.
/// </summary>
internal sealed partial class ModelRegistryGrain(
    [PersistentState("model", StorageNames.Governance)] IPersistentState<ModelRegistryState> state,
    IJunoRecordStore records,
    TimeProvider time,
    ILogger<ModelRegistryGrain> logger) : Grain, IModelRegistryGrain
{
    public const string AuditScope = "models";
    private const int MaxMetadataBytes = 16 * 1024;
    private const int MaxShadows = 3;
    private const double MaxSplit = 0.5;
    private const int ChangesKept = 100;

    private string Name => this.GetPrimaryKeyString();

    /// <summary>The batcher's model id for one version of one model.</summary>
    public static string ModelIdOf(string model, int version) => $"model:{model}@{version}";

    public async Task<ModelVersion> Upload(byte[] onnx, string metadataJson, string actor)
    {
        ArgumentNullException.ThrowIfNull(onnx);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        RequireValidName();
        if (onnx.Length is 0 or > IModelRegistryGrain.MaxModelBytes)
        {
            throw new ModelRejectedException($"A model file is 1 byte to {IModelRegistryGrain.MaxModelBytes} bytes; this one is {onnx.Length}.");
        }

        var metadata = string.IsNullOrWhiteSpace(metadataJson) ? "{}" : metadataJson;
        if (metadata.Length > MaxMetadataBytes || !IsJsonObject(metadata))
        {
            throw new ModelRejectedException($"Metadata must be a JSON object of at most {MaxMetadataBytes} bytes.");
        }

        long opset;
        int inputWidth, outputWidth;
        try
        {
            opset = OnnxModelInspector.Opset(onnx);
            if (opset is < OnnxModelInspector.MinOpset or > OnnxModelInspector.MaxOpset)
            {
                throw new ModelRejectedException($"The model is for opset {opset}; this ONNX Runtime runs opsets {OnnxModelInspector.MinOpset} to {OnnxModelInspector.MaxOpset}.");
            }

            using var session = new OnnxInferenceSession(onnx, InferenceDevice.Cpu);
            (inputWidth, outputWidth) = (session.InputWidth, session.OutputWidth);
        }
        catch (InvalidModelException error)
        {
            throw new ModelRejectedException($"Model '{Name}' refused: {error.Message}");
        }

        var now = time.GetUtcNow();
        var file = new ModelFile(Name, 0, OnnxModelInspector.Sha256(onnx), onnx, inputWidth, outputWidth, opset, metadata, actor, now);
        var version = await records.AddModelFileAsync(file);
        await RecordAsync($"uploaded version {version} ({onnx.Length} bytes, {inputWidth} -> {outputWidth}, opset {opset}, sha256 {file.Sha256})", actor, "", now);
        return ToVersion(file with { Version = version });
    }

    public async Task<ModelView> Get()
    {
        var files = await records.ListModelFilesAsync(Name);
        return new ModelView(Name, state.State.Active, new Dictionary<int, double>(state.State.Split), [.. state.State.Shadows],
            [.. files.Select(ToVersion)], [.. state.State.Changes]);
    }

    public async Task<ModelView> Activate(int version, string actor, string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        await RequireVersionsAsync([version]);
        if (state.State.Active == version)
        {
            return await Get();
        }

        if (state.State.Active is { } previous)
        {
            state.State.PreviouslyActive.Add(previous);
        }

        state.State.Active = version;
        state.State.Split.Remove(version);
        state.State.Shadows = [.. state.State.Shadows.Where(v => v != version)];
        await RecordAsync($"activated version {version}", actor, reason, time.GetUtcNow());
        return await Get();
    }

    public async Task<ModelView> Rollback(string actor, string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        if (state.State.PreviouslyActive.Count == 0)
        {
            throw new ModelRejectedException($"Model '{Name}' has no earlier active version to roll back to.");
        }

        var current = state.State.Active;
        var back = state.State.PreviouslyActive[^1];
        state.State.PreviouslyActive.RemoveAt(state.State.PreviouslyActive.Count - 1);
        state.State.Active = back;
        await RecordAsync($"rolled back from version {current} to {back}", actor, reason, time.GetUtcNow());
        return await Get();
    }

    public async Task<ModelView> SetRouting(Dictionary<int, double> split, int[] shadows, string actor, string reason)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(shadows);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        if (split.Values.Any(s => !(s is > 0 and <= MaxSplit)) || split.Values.Sum() > MaxSplit + 1e-9)
        {
            throw new ModelRejectedException($"Each split share must be in (0, {MaxSplit}] and all together at most {MaxSplit}: the active version keeps the larger arm.");
        }

        if (shadows.Length > MaxShadows || shadows.Distinct().Count() != shadows.Length)
        {
            throw new ModelRejectedException($"At most {MaxShadows} distinct shadows.");
        }

        var active = state.State.Active ?? throw new ModelRejectedException($"Model '{Name}' has no active version to split traffic from.");
        await RequireVersionsAsync(split.Keys.Concat(shadows));
        foreach (var version in split.Keys.Concat(shadows))
        {
            if (version == active)
            {
                throw new ModelRejectedException($"Version {version} is the active one: it already serves.");
            }
        }

        if (split.Keys.Intersect(shadows).Any())
        {
            throw new ModelRejectedException("A version either serves a share or shadows, not both.");
        }

        state.State.Split = new Dictionary<int, double>(split);
        state.State.Shadows = [.. shadows];
        await RecordAsync($"routing: split {string.Join(", ", split.Select(s => $"v{s.Key} {s.Value:P0}"))}; shadows {string.Join(", ", shadows.Select(v => $"v{v}"))}", actor, reason, time.GetUtcNow());
        return await Get();
    }

    public async Task<(byte[] Onnx, string Sha256)> GetFile(int version)
    {
        var file = await records.GetModelFileAsync(Name, version) ?? throw new UnknownModelVersionException(Name, version);
        return (file.Onnx!, file.Sha256);
    }

    public async Task<ModelAnswer> Infer(float[] rows, string callerKey)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(callerKey);
        var active = state.State.Active ?? throw new UnknownModelVersionException(Name, null);
        var version = Route(callerKey, active);
        var outputs = await GrainFactory.GetGrain<IInferenceBatcher>(ModelIdOf(Name, version)).InferBatch(rows);
        var divergence = new Dictionary<int, double>();
        foreach (var shadow in state.State.Shadows)
        {
            var shadowOutputs = await GrainFactory.GetGrain<IInferenceBatcher>(ModelIdOf(Name, shadow)).InferBatch(rows);
            divergence[shadow] = shadowOutputs.Length == outputs.Length
                ? outputs.Zip(shadowOutputs, (a, b) => (double)Math.Abs(a - b)).DefaultIfEmpty(0).Max()
                : double.PositiveInfinity;
        }

        return new ModelAnswer(version, outputs, divergence);
    }

    /// <summary>A stable hash of the caller's key picks its arm: split versions take consecutive slices of [0, 1).</summary>
    private int Route(string callerKey, int active)
    {
        var point = PolicyRollout.BucketOf(callerKey);
        var start = 0.0;
        foreach (var (version, share) in state.State.Split.OrderBy(s => s.Key))
        {
            if (point >= start && point < start + share)
            {
                return version;
            }

            start += share;
        }

        return active;
    }

    private async Task RecordAsync(string what, string actor, string reason, DateTimeOffset at)
    {
        state.State.Changes.Add(new ModelChange(what, actor, reason, at));
        if (state.State.Changes.Count > ChangesKept)
        {
            state.State.Changes.RemoveRange(0, state.State.Changes.Count - ChangesKept);
        }

        await state.WriteStateAsync();
        await records.AppendAuditAsync(new AuditEntry(AuditScope, Guid.NewGuid(), "model-changed", actor,
            JsonSerializer.Serialize(new { model = Name, what, reason }), at));
        LogChange(logger, Name, what, actor, reason);
    }

    /// <summary>Checks the versions exist from the listing, which carries no file bytes (a file can be 64 MiB).</summary>
    private async Task RequireVersionsAsync(IEnumerable<int> versions)
    {
        var known = (await records.ListModelFilesAsync(Name)).Select(f => f.Version).ToHashSet();
        foreach (var version in versions)
        {
            if (!known.Contains(version))
            {
                throw new UnknownModelVersionException(Name, version);
            }
        }
    }

    private void RequireValidName()
    {
        if (!ValidName().IsMatch(Name))
        {
            throw new ModelRejectedException($"'{Name}' is not a model name: lowercase letters, digits and '-', 1-63 characters.");
        }
    }

    private static bool IsJsonObject(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static ModelVersion ToVersion(ModelFile file) =>
        new(file.Model, file.Version, file.Sha256, file.InputWidth, file.OutputWidth, file.Opset, file.MetadataJson, file.CreatedBy, file.CreatedAt);

    [GeneratedRegex(IModelRegistryGrain.NamePattern)]
    private static partial Regex ValidName();

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Model}: {What} by {Actor} ({Reason})")]
    private static partial void LogChange(ILogger logger, string model, string what, string actor, string reason);
}
