namespace Juno.Grains.Options;

/// <summary>Micro-batching of model inference. Bound from <c>Juno:Inference</c>.</summary>
public sealed class InferenceOptions
{
    public const string Section = "Juno:Inference";

    /// <summary>A batch runs as soon as it holds this many requests.</summary>
    public int MaxBatchSize { get; set; } = 256;

    /// <summary>...or when its oldest request has waited this long.</summary>
    public TimeSpan MaxBatchDelay { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>Requests queued beyond this are refused (back-pressure instead of unbounded memory).</summary>
    public int MaxQueueLength { get; set; } = 16_384;

    /// <summary>Seed of the Q-network's pretraining.</summary>
    public int QNetworkSeed { get; set; } = 7;

    public string? Validate() =>
        MaxBatchSize <= 0 ? "Juno:Inference:MaxBatchSize must be positive."
        : MaxBatchDelay <= TimeSpan.Zero ? "Juno:Inference:MaxBatchDelay must be positive."
        : MaxQueueLength < MaxBatchSize ? "Juno:Inference:MaxQueueLength must be >= MaxBatchSize."
        : null;
}
