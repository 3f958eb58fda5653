namespace Juno.Grains.Inference;

/// <summary>Back-pressure: the batcher's queue is full, so the caller should retry later rather than
/// the silo buffering without bound.</summary>
[GenerateSerializer]
[Alias("juno.InferenceQueueFullException")]
public sealed class InferenceQueueFullException(string modelId, int limit)
    : InvalidOperationException($"Inference queue for model '{modelId}' is full ({limit} rows waiting); retry later.");
