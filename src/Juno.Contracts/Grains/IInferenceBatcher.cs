namespace Juno.Contracts.Grains;

/// <summary>Keyed by model id. Stateless workers on every silo that micro-batch requests from many entity grains
/// into model runs.</summary>
[Alias("juno.IInferenceBatcher")]
public interface IInferenceBatcher : IGrainWithStringKey
{
    /// <summary>Runs the model on one input row; the call completes when its batch has run.</summary>
    [Alias("Infer")]
    Task<float[]> Infer(float[] input);

    /// <summary>Runs the model on many rows laid out one after another (a multiple of the model's input width);
    /// returns their output rows in the same order. The rows may share a model run with other callers' rows.</summary>
    [Alias("InferBatch")]
    Task<float[]> InferBatch(float[] rows);
}
