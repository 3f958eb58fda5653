namespace Juno.Http;

/// <summary>What the hosting silo tells the facade about itself: the facade depends only on grain
/// contracts, the host knows which providers it chose.</summary>
public interface IOperationsInfo
{
    /// <summary>The cluster governance endpoints act on when the caller names none.</summary>
    string DefaultCluster { get; }

    bool StorageDurable { get; }

    string StorageDescription { get; }

    string ActuatorName { get; }

    IReadOnlyDictionary<string, string> InferenceProviders { get; }

    string SiloAddress { get; }
}
