namespace Juno.Contracts.Grains;

/// <summary>Keyed by model id, placed only on silos that advertise a GPU: batchers on CPU silos send it whole batches,
/// one message per batch.</summary>
[Alias("juno.IModelServerGrain")]
public interface IModelServerGrain : IGrainWithStringKey
{
    /// <summary>Runs a batch of rows (laid out one after another) and returns their output rows.</summary>
    [Alias("Run")]
    Task<float[]> Run(float[] rows);
}
