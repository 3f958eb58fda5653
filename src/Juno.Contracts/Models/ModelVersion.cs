namespace Juno.Contracts.Models;

/// <summary>One uploaded version of a named model, as validation found it.</summary>
/// <param name="MetadataJson">What the uploader said about it (training window, metrics...), a JSON object.</param>
[GenerateSerializer, Immutable]
[Alias("juno.ModelVersion")]
public sealed record ModelVersion(
    [property: Id(0)] string Model,
    [property: Id(1)] int Version,
    [property: Id(2)] string Sha256,
    [property: Id(3)] int InputWidth,
    [property: Id(4)] int OutputWidth,
    [property: Id(5)] long Opset,
    [property: Id(6)] string MetadataJson,
    [property: Id(7)] string CreatedBy,
    [property: Id(8)] DateTimeOffset CreatedAt);

/// <summary>A named model: its versions, the one that serves, the A/B split and the shadows, and how that came to be.</summary>
/// <param name="Split">Version to the share of callers it serves instead of the active one (by a stable hash of the caller's key).</param>
/// <param name="Shadows">Versions run beside the serving one on every call; their answers are compared, not returned.</param>
[GenerateSerializer, Immutable]
[Alias("juno.ModelView")]
public sealed record ModelView(
    [property: Id(0)] string Model,
    [property: Id(1)] int? Active,
    [property: Id(2)] Dictionary<int, double> Split,
    [property: Id(3)] int[] Shadows,
    [property: Id(4)] ModelVersion[] Versions,
    [property: Id(5)] ModelChange[] Changes);

/// <summary>Who changed what a model serves, and why.</summary>
[GenerateSerializer, Immutable]
[Alias("juno.ModelChange")]
public sealed record ModelChange(
    [property: Id(0)] string What,
    [property: Id(1)] string Actor,
    [property: Id(2)] string Reason,
    [property: Id(3)] DateTimeOffset At);

/// <summary>The answer of a model call: the version that served the caller, its output rows, and how far each shadow's
/// answer was from it (largest absolute difference).</summary>
[GenerateSerializer, Immutable]
[Alias("juno.ModelAnswer")]
public sealed record ModelAnswer(
    [property: Id(0)] int Version,
    [property: Id(1)] float[] Outputs,
    [property: Id(2)] Dictionary<int, double> ShadowDivergence);

/// <summary>An upload or a change that validation refused; nothing was stored or changed.</summary>
[GenerateSerializer]
[Alias("juno.ModelRejectedException")]
public sealed class ModelRejectedException(string message) : ArgumentException(message);

/// <summary>No such model, or no such version of it.</summary>
[GenerateSerializer]
[Alias("juno.UnknownModelVersionException")]
public sealed class UnknownModelVersionException(string model, int? version)
    : KeyNotFoundException(version is null ? $"Model '{model}' has no versions (or none active)." : $"Model '{model}' has no version {version}.")
{
    [Id(0)]
    public string Model { get; } = model;

    [Id(1)]
    public int? Version { get; } = version;
}
