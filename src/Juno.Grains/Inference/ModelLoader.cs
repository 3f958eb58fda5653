using Juno.Contracts.Grains;
using Juno.Contracts.Models;
using Juno.Contracts.Policies;
using Juno.Inference;

namespace Juno.Grains.Inference;

/// <summary>
/// Finds the model behind a model id on this silo: the catalog's (registered at start), a scaling-policy version fetched
/// from the policy registry, or a bring-your-own version fetched from its model registry and checked against the
/// SHA-256 recorded at upload. Fetched models stay in the catalog: a version's file never changes.
/// </summary>
internal static class ModelLoader
{
    private const string ModelPrefix = "model:";

    public static async Task<ServedModel> LoadAsync(ModelCatalog catalog, IGrainFactory grains, string modelId)
    {
        if (catalog.TryGet(modelId, out var served))
        {
            return served;
        }

        if (modelId.StartsWith(ModelPrefix, StringComparison.Ordinal) && modelId.LastIndexOf('@') is var at and > 6
            && int.TryParse(modelId[(at + 1)..], System.Globalization.CultureInfo.InvariantCulture, out var version))
        {
            var (onnx, sha256) = await grains.GetGrain<IModelRegistryGrain>(modelId[ModelPrefix.Length..at]).GetFile(version);
            if (!catalog.TryGet(modelId, out served))
            {
                try
                {
                    catalog.RegisterVerified(modelId, onnx, sha256);
                }
                catch (InvalidModelException error)
                {
                    // Said in a type every caller can receive: the registry and the HTTP facade report it.
                    throw new ModelRejectedException(error.Message);
                }
            }
        }
        else if (modelId.StartsWith(PolicyVersion.ModelIdOf(""), StringComparison.Ordinal))
        {
            var onnx = await grains.GetGrain<IScalingPolicyGrain>(IScalingPolicyGrain.RegistryKey).GetModel(modelId[PolicyVersion.ModelIdOf("").Length..]);
            if (!catalog.TryGet(modelId, out served))
            {
                catalog.Register(modelId, onnx);
            }
        }

        return catalog.GetServed(modelId);
    }
}
