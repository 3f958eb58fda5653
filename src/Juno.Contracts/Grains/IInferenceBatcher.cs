namespace Juno.Contracts.Grains;

/// <summary>Keyed by model id. A stateless worker on every silo that micro-batches requests from many
/// entity grains into one model run.</summary>
[Alias("juno.IInferenceBatcher")]
public interface IInferenceBatcher : IGrainWithStringKey
{
    /// <summary>Runs the model on one input row; the call completes when its batch has run.</summary>
    [Alias("Infer")]
    Task<float[]> Infer(float[] input);
}
