using System.Globalization;
using Microsoft.Data.Sqlite;
using ValidationGateway.Storage.Sqlite;

namespace ValidationGateway.Storage.Migrations;

/// <summary>Applies <see cref="SqliteMigrations"/> to a SQLite connection.</summary>
internal static class SqliteMigrator
{
    private const string CreateHistoryTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version    INTEGER NOT NULL PRIMARY KEY,
            name       TEXT    NOT NULL,
            applied_at TEXT    NOT NULL
        );
        """;

    /// <summary>Brings the schema to <see cref="SqliteMigrations.Latest"/>; returns the numbers it applied.</summary>
    /// <exception cref="InvalidOperationException">The store's schema is newer than this build knows.</exception>
    public static async Task<IReadOnlyList<int>> MigrateAsync(
        SqliteConnection connection, IReadOnlyList<Migration> migrations, TimeProvider timeProvider, string storeName,
        CancellationToken cancellationToken)
    {
        var latest = migrations[^1].Number;

        // Up to date (every start but the first after an upgrade): read only. Every `vgw` command opens the store
        // this way; the write lock it used to take here is one a running gateway's audit commits wait for.
        var found = await GetVersionAsync(connection, null, cancellationToken).ConfigureAwait(false);
        ThrowIfNewer(found, latest, storeName);
        if (found == latest)
        {
            return [];
        }

        using (var transaction = connection.BeginTransaction(deferred: false))
        {
            await ExecuteAsync(connection, transaction, CreateHistoryTable, cancellationToken).ConfigureAwait(false);
            var current = await GetVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            ThrowIfNewer(current, latest, storeName);
            transaction.Commit();
        }

        var applied = new List<int>();
        foreach (var migration in migrations)
        {
            // The write lock is taken first (BEGIN IMMEDIATE), then the history re-read: a second process
            // migrating at the same time waits, then finds the migration applied and skips it.
            using var transaction = connection.BeginTransaction(deferred: false);
            var current = await GetVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            ThrowIfNewer(current, latest, storeName);
            if (migration.Number <= current)
            {
                continue;
            }

            await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken).ConfigureAwait(false);
            using (var record = connection.CreateCommand())
            {
                record.Transaction = transaction;
                record.CommandText = "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($version, $name, $applied_at)";
                record.Parameters.AddWithValue("$version", migration.Number);
                record.Parameters.AddWithValue("$name", migration.Name);
                record.Parameters.AddWithValue("$applied_at", SqliteValues.Timestamp(timeProvider.GetUtcNow()));
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            transaction.Commit();
            applied.Add(migration.Number);
        }

        return applied;
    }

    /// <summary>The highest applied migration number; 0 for an empty store.</summary>
    public static async Task<int> GetVersionAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'";
        var exists = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) > 0;
        if (!exists)
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

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
