using ValidationGateway.Storage.Tests.TestSupport;

namespace ValidationGateway.Server.Tests.Admin;

/// <summary>One throwaway PostgreSQL server for a test class; each test takes a fresh database of it.</summary>
/// <remarks>Never skips: without PostgreSQL installed, InitializeAsync throws a message saying to run ./test.sh.</remarks>
public sealed class AdminPostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;
    private int _databases;

    /// <summary>A connection string to a new, empty database.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var server = _server ?? throw new InvalidOperationException("The PostgreSQL server has not started.");
        var name = "vgw_admin_" + Interlocked.Increment(ref _databases);
        await server.CreateDatabaseAsync(name);
        return server.ConnectionString(name);
    }

    public async Task InitializeAsync() => _server = await PostgresServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
