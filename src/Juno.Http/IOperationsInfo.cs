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

    /// <summary>Model id to how it runs: the execution provider, and the batch sizes the managed path takes
    /// ("managed up to 2 rows, then CPU").</summary>
    IReadOnlyDictionary<string, string> InferenceProviders { get; }

    string SiloAddress { get; }
}
