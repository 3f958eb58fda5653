namespace Juno.Grains.Options;

/// <summary>Micro-batching of model inference. Bound from <c>Juno:Inference</c>.</summary>
public sealed class InferenceOptions
{
    public const string Section = "Juno:Inference";

    /// <summary>A batch runs as soon as it holds this many rows.</summary>
    public int MaxBatchSize { get; set; } = 256;

    /// <summary>Queued requests are merged into one run up to this many rows; a single request with more runs alone.</summary>
    public int MaxRowsPerRun { get; set; } = 4_096;

    /// <summary>Rows one batch call may carry.</summary>
    public int MaxRowsPerCall { get; set; } = 65_536;

    /// <summary>...or when its oldest request has waited this long.</summary>
    public TimeSpan MaxBatchDelay { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>Rows queued beyond this are refused (back-pressure instead of unbounded memory).</summary>
    public int MaxQueueLength { get; set; } = 131_072;

    /// <summary>"auto": this silo advertises a GPU (silo metadata juno.gpu) when its ONNX Runtime can use CUDA; "true" or
    /// "false" say so outright. Batchers on silos without one send whole batches to silos with one.</summary>
    public string Gpu { get; set; } = "auto";

    /// <summary>Seed of the Q-network's pretraining.</summary>
    public int QNetworkSeed { get; set; } = 7;

    public string? Validate() =>
        MaxBatchSize <= 0 ? "Juno:Inference:MaxBatchSize must be positive."
        : MaxBatchDelay <= TimeSpan.Zero ? "Juno:Inference:MaxBatchDelay must be positive."
        : MaxQueueLength < MaxBatchSize ? "Juno:Inference:MaxQueueLength must be >= MaxBatchSize."
        : MaxRowsPerRun < MaxBatchSize ? "Juno:Inference:MaxRowsPerRun must be >= MaxBatchSize."
        : Gpu is not ("auto" or "true" or "false") ? "Juno:Inference:Gpu must be auto, true or false."
        : MaxRowsPerCall < 1 || MaxRowsPerCall > MaxQueueLength ? "Juno:Inference:MaxRowsPerCall must be in [1, MaxQueueLength]."
        : null;
}
