namespace Juno.Storage;

/// <summary>One stored version of a named model. <see cref="Onnx"/> is null in listings (the bytes are only read to load).</summary>
/// <param name="MetadataJson">What the uploader said about it (training window, metrics...), as a JSON object.</param>
public sealed record ModelFile(
    string Model,
    int Version,
    string Sha256,
    byte[]? Onnx,
    int InputWidth,
    int OutputWidth,
    long Opset,
    string MetadataJson,
    string CreatedBy,
    DateTimeOffset CreatedAt);
