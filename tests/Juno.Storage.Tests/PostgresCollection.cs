using Juno.Testing;

namespace Juno.Storage.Tests;

/// <summary>All storage tests share one throwaway PostgreSQL server; each class creates its own database.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgres";
}
