using Npgsql;
using ValidationGateway.Core.Catalog;
using ValidationGateway.Storage.Postgres;

namespace ValidationGateway.Storage.Tests.TestSupport;

/// <summary>A fresh database on the throwaway server with a (migrated) PostgreSQL store on a manual clock; dropped on dispose.</summary>
internal sealed class PostgresStoreScope : IStoreScope
{
    private readonly PostgresServer _server;

    private PostgresStoreScope(PostgresServer server, string database, ManualTimeProvider clock, PostgresGatewayStore store)
    {
        _server = server;
        Database = database;
        Clock = clock;
        Store = store;
    }

    public string Database { get; }

    public ManualTimeProvider Clock { get; }

    public PostgresGatewayStore Store { get; }

    IGatewayStore IStoreScope.Store => Store;

    public string ConnectionString => _server.ConnectionString(Database);

    public static async Task<PostgresStoreScope> CreateAsync(PostgresServer server, bool migrate = true)
    {
        var database = "vgw_" + Guid.NewGuid().ToString("N");
        await server.CreateDatabaseAsync(database);
        var clock = new ManualTimeProvider(StoreScope.Start);
        var store = new PostgresGatewayStore(server.ConnectionString(database), clock);
        if (migrate)
        {
            await store.MigrateAsync(CancellationToken.None);
        }

        return new PostgresStoreScope(server, database, clock, store);
    }

    /// <summary>Another store over the same database (another node), on the same clock.</summary>
    public PostgresGatewayStore OpenAnotherStore() => new(ConnectionString, Clock);

    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_server.ConnectionString(Database, pooling: false));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? null : value;
    }

    public async Task<string?> TextAsync(string sql) => (string?)await ScalarAsync($"SELECT ({sql})::text");

    public async Task<DateTimeOffset?> TimestampAsync(string sql) =>
        await ScalarAsync(sql) is DateTime utc ? new DateTimeOffset(utc, TimeSpan.Zero) : null;

    public Task<long> ImportAsync(string version, CatalogItemKind kind, params string[] codes) =>
        Store.ReplaceCatalogRowsAsync(version, kind, codes.Select(c => new CatalogRow { Kind = kind, Code = c }), CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        await _server.DropDatabaseAsync(Database);
    }
}
