using ValidationGateway.Storage;
using ValidationGateway.Storage.Sqlite;

namespace ValidationGateway.Server.Hosting;

/// <summary>Opens the store named by the <c>Store</c> setting and brings its schema up to date.</summary>
internal static class GatewayStoreFactory
{
    public static async Task<IGatewayStore> OpenAsync(string store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (store.Contains("Host=", StringComparison.OrdinalIgnoreCase) || store.StartsWith("postgres", StringComparison.OrdinalIgnoreCase))
        {
            throw new NotSupportedException("PostgreSQL stores are not supported by this build yet; use a SQLite file path for --store");
        }

        return await SqliteGatewayStore.OpenAsync(store, time, cancellationToken).ConfigureAwait(false);
    }
}
