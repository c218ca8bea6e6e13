namespace ValidationGateway.Storage.Tests.TestSupport;

/// <summary>One throwaway PostgreSQL server shared by every test class of the <see cref="PostgresTests"/> collection.</summary>
/// <remarks>
/// Never skips: when PostgreSQL is not installed, InitializeAsync throws and every PostgreSQL test fails with a
/// message saying to run ./test.sh, which installs it.
/// </remarks>
public sealed class PostgresServerFixture : IAsyncLifetime
{
    private PostgresServer? _server;

    internal PostgresServer Server => _server ?? throw new InvalidOperationException("The PostgreSQL server fixture has not started.");

    public async Task InitializeAsync() => _server = await PostgresServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
