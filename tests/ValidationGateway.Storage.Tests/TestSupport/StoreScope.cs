using System.Globalization;
using Microsoft.Data.Sqlite;
using ValidationGateway.Core.Catalog;
using ValidationGateway.Storage.Sqlite;

namespace ValidationGateway.Storage.Tests.TestSupport;

/// <summary>A migrated SQLite store in a temp directory, on a manual clock; everything removed on dispose.</summary>
internal sealed class StoreScope : IStoreScope
{
    public static readonly DateTimeOffset Start = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    private StoreScope(TempDirectory directory, ManualTimeProvider clock, SqliteGatewayStore store)
    {
        Directory = directory;
        Clock = clock;
        Store = store;
    }

    public TempDirectory Directory { get; }

    public ManualTimeProvider Clock { get; }

    public SqliteGatewayStore Store { get; }

    IGatewayStore IStoreScope.Store => Store;

    public static async Task<StoreScope> CreateAsync(bool migrate = true)
    {
        var directory = new TempDirectory();
        var clock = new ManualTimeProvider(Start);
        var store = new SqliteGatewayStore(directory.File("data/vgw.db"), clock);
        if (migrate)
        {
            await store.MigrateAsync(CancellationToken.None);
        }

        return new StoreScope(directory, clock, store);
    }

    /// <summary>A raw connection to the same file, for checks the store API does not expose.</summary>
    public SqliteConnection OpenRaw()
    {
        var connection = new SqliteConnection($"Data Source={Store.FilePath};Pooling=False");
        connection.Open();
        return connection;
    }

    public async Task<object?> ScalarAsync(string sql)
    {
        using var connection = OpenRaw();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    public async Task<string?> TextAsync(string sql) =>
        Convert.ToString(await ScalarAsync(sql), CultureInfo.InvariantCulture);

    public async Task<DateTimeOffset?> TimestampAsync(string sql) =>
        await ScalarAsync(sql) is string text ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind) : null;

    public Task<long> ImportAsync(string version, CatalogItemKind kind, params string[] codes) =>
        Store.ReplaceCatalogRowsAsync(version, kind, codes.Select(c => new CatalogRow { Kind = kind, Code = c }), CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        Directory.Dispose();
    }
}
