using ValidationGateway.Storage;
using ValidationGateway.Storage.Postgres;
using ValidationGateway.Storage.Sqlite;

namespace ValidationGateway.Server.Hosting;

/// <summary>Opens the store named by the <c>Store</c> setting and brings its schema up to date.</summary>
/// <remarks>
/// A PostgreSQL connection string (<c>Host=…;Database=…</c>) or a <c>postgres://</c> URL opens the shared
/// PostgreSQL store; anything else is the path of a SQLite file.
/// </remarks>
internal static class GatewayStoreFactory
{
    public static async Task<IGatewayStore> OpenAsync(string store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (PostgresConnectionString.IsPostgres(store))
        {
            return await PostgresGatewayStore.OpenAsync(store, time, cancellationToken).ConfigureAwait(false);
        }

        return await SqliteGatewayStore.OpenAsync(store, time, cancellationToken).ConfigureAwait(false);
    }
}
