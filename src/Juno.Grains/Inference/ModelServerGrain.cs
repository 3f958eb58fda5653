using Juno.Contracts.Grains;
using Juno.Inference;

namespace Juno.Grains.Inference;

/// <summary>Runs whole batches for batchers on silos without a GPU, on a silo with one: one activation per model, so the
/// device runs one batch at a time in arrival order.</summary>
[GpuSiloPlacementFilter]
internal sealed class ModelServerGrain(ModelCatalog catalog) : Grain, IModelServerGrain
{
    private ServedModel? _model;

    public async Task<float[]> Run(float[] rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        _model ??= await ModelLoader.LoadAsync(catalog, GrainFactory, this.GetPrimaryKeyString());
        if (rows.Length == 0 || rows.Length % _model.InputWidth != 0)
        {
            throw new ArgumentException($"Model '{this.GetPrimaryKeyString()}' takes rows of {_model.InputWidth} inputs; got {rows.Length} values.", nameof(rows));
        }

        var count = rows.Length / _model.InputWidth;
        var outputs = new float[count * _model.OutputWidth];
        _model.Run(rows, count, outputs);
        return outputs;
    }
}
