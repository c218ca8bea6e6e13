using System.Globalization;
using Npgsql;

namespace ValidationGateway.Storage.Migrations;

/// <summary>Applies <see cref="PostgresMigrations"/> to a PostgreSQL database.</summary>
/// <remarks>
/// Several nodes may start at once against one database: each migration's transaction first takes a
/// transaction-scoped advisory lock, then re-reads the history, so exactly one node applies it and the others
/// find it applied. The lock is released by commit or rollback, never left behind by a crashed node.
/// </remarks>
internal static class PostgresMigrator
{
    /// <summary>Advisory lock key shared by every vgw migrator ("vgw_mig" in ASCII).</summary>
    internal const long AdvisoryLockKey = 0x7667775F6D6967;

    private const string CreateHistoryTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version    integer     NOT NULL PRIMARY KEY,
            name       text        NOT NULL,
            applied_at timestamptz NOT NULL
        )
        """;

    /// <summary>Brings the schema to the last of <paramref name="migrations"/>; returns the numbers it applied.</summary>
    /// <exception cref="InvalidOperationException">The database's schema is newer than this build knows.</exception>
    public static async Task<IReadOnlyList<int>> MigrateAsync(
        NpgsqlConnection connection, IReadOnlyList<Migration> migrations, TimeProvider timeProvider, string storeName,
        CancellationToken cancellationToken)
    {
        var latest = migrations[^1].Number;
        var applied = new List<int>();
        foreach (var migration in migrations)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, CreateHistoryTable, cancellationToken).ConfigureAwait(false);
            var current = await GetVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            ThrowIfNewer(current, latest, storeName);
            if (migration.Number <= current)
            {
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken).ConfigureAwait(false);
            await using (var record = new NpgsqlCommand("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)", connection, transaction))
            {
                record.Parameters.AddWithValue(migration.Number);
                record.Parameters.AddWithValue(migration.Name);
                record.Parameters.AddWithValue(timeProvider.GetUtcNow().ToUniversalTime());
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            applied.Add(migration.Number);
        }

        return applied;
    }

    /// <summary>The highest applied migration number; 0 for an empty database.</summary>
    public static async Task<int> GetVersionAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        // to_regclass resolves through search_path like every other statement of the store.
        await using var command = new NpgsqlCommand(
            "SELECT CASE WHEN to_regclass('schema_migrations') IS NULL THEN NULL ELSE 1 END", connection, transaction);
        if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is DBNull or null)
        {
            return 0;
        }

        command.CommandText = "SELECT coalesce(max(version), 0) FROM schema_migrations";
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    private static void ThrowIfNewer(int current, int latest, string storeName)
    {
        if (current > latest)
        {
            throw new InvalidOperationException(
                $"The store '{storeName}' has schema version {current}, but this build of vgw only knows versions up to {latest}. " +
                "It was written by a newer vgw: upgrade vgw (or use a store created by this version); nothing was changed.");
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
