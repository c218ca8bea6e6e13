using ValidationGateway.Storage.Tests.TestSupport;

namespace ValidationGateway.Storage.Tests.Stores;

/// <summary>The store suite against the PostgreSQL store, each test on a fresh database of the throwaway server.</summary>
[Collection(PostgresTests.Name)]
public sealed class PostgresStoreTests(PostgresServerFixture server) : StoreTests
{
    private protected override async Task<IStoreScope> CreateScopeAsync() => await PostgresStoreScope.CreateAsync(server.Server);
}
