namespace Juno.Inference;

/// <summary>No model is registered in the <see cref="ModelCatalog"/> under the requested id.</summary>
public sealed class UnknownModelException(string modelId, IEnumerable<string> registered)
    : KeyNotFoundException($"No model is registered under id '{modelId}'. Registered: [{string.Join(", ", registered.Order(StringComparer.Ordinal))}].")
{
    public string ModelId { get; } = modelId;
}
