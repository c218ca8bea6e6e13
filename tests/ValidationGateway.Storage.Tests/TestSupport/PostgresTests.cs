namespace ValidationGateway.Storage.Tests.TestSupport;

/// <summary>Test classes that need the throwaway PostgreSQL server; they share one server and run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresTests : ICollectionFixture<PostgresServerFixture>
{
    public const string Name = "PostgreSQL";
}
