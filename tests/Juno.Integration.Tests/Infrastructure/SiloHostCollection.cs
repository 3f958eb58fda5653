using Xunit;

namespace Juno.Integration.Tests.Infrastructure;

/// <summary>HTTP and SDK tests share one silo host: starting Orleans and PostgreSQL per class would
/// dominate the run.</summary>
[CollectionDefinition(Name)]
public sealed class SiloHostCollection : ICollectionFixture<SiloHostFactory>
{
    public const string Name = "silo host";
}
