using System.Data;
using System.Runtime.CompilerServices;
using Npgsql;
using NpgsqlTypes;
using ValidationGateway.Core.Catalog;
using ValidationGateway.Core.Institutions;
using ValidationGateway.Storage.Migrations;
using ValidationGateway.Storage.Sqlite;

namespace ValidationGateway.Storage.Postgres;

/// <summary>The shared store for several gateway nodes: one PostgreSQL database, over an <see cref="NpgsqlDataSource"/>.</summary>
/// <remarks>
/// Split by area like the SQLite store: this file holds catalog versions and institutions; <c>PostgresGatewayStore.*.cs</c>
/// the rest. Thread-safe: every operation takes its own pooled connection from the data source. Every write is one
/// transaction. Catalog rows and knowledge points go in with binary COPY inside that transaction. Transient
/// failures (see <see cref="PostgresTransientErrors"/>) are retried a few times when the operation can safely run
/// again (<see cref="PostgresRetry"/>), otherwise surfaced as <see cref="NpgsqlException"/>.
/// </remarks>
public sealed partial class PostgresGatewayStore : IGatewayStore
{
    private const int MaxAttempts = 3;
    private const int CancellationCheckInterval = 4096;

    /// <summary>Advisory lock key that serialises publishes, so two nodes never both move "current" ("vgw_pub").</summary>
    private const long PublishLockKey = 0x7667775F707562;

    private const string VersionColumns = "v.version, v.state, v.is_current, v.created_at, v.published_at";

    private const string CatalogCopy = """
        COPY catalog_items (version, kind, code, name, begndate, enddate, vali_flag, chrgitm_lv, lmt_used_flag,
                            pric_uplmt_amt, lv1_hosp_item_pric, lv2_hosp_item_pric, lv3_hosp_item_pric)
        FROM STDIN (FORMAT BINARY)
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a store over the database named by <paramref name="connectionString"/> (keywords or a postgres:// URL).</summary>
    /// <remarks>Does not connect; call <see cref="MigrateAsync"/> (or use <see cref="OpenAsync"/>) before use.</remarks>
    /// <exception cref="ArgumentException">The connection string is not understood.</exception>
    public PostgresGatewayStore(string connectionString, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        var builder = PostgresConnectionString.Parse(connectionString);
        if (string.IsNullOrEmpty(builder.ApplicationName))
        {
            builder.ApplicationName = "vgw";
        }

        StoreName = PostgresConnectionString.Describe(builder);
        _timeProvider = timeProvider;
        _dataSource = NpgsqlDataSource.Create(builder);
    }

    /// <summary>host:port/database of the store, for messages (no credentials).</summary>
    public string StoreName { get; }

    /// <summary>Creates the store and brings its schema up to date.</summary>
    /// <exception cref="InvalidOperationException">The database's schema is newer than this build knows.</exception>
    /// <exception cref="NpgsqlException">The server cannot be reached; the message names host, port and database.</exception>
    public static async Task<PostgresGatewayStore> OpenAsync(string connectionString, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var store = new PostgresGatewayStore(connectionString, timeProvider);
        try
        {
            await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
            return store;
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public Task MigrateAsync(CancellationToken cancellationToken) =>
        RunAsync(PostgresRetry.Always, (connection, ct) =>
            PostgresMigrator.MigrateAsync(connection, PostgresMigrations.All, _timeProvider, StoreName, ct), cancellationToken);

    /// <inheritdoc />
    public Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken) =>
        RunAsync(PostgresRetry.Always, (connection, ct) => PostgresMigrator.GetVersionAsync(connection, null, ct), cancellationToken);

    /// <inheritdoc />
    public Task<long> ReplaceCatalogRowsAsync(string version, CatalogItemKind kind, IEnumerable<CatalogRow> rows, CancellationToken cancellationToken)
    {
        CatalogVersionLabel.Validate(version);
        ArgumentNullException.ThrowIfNull(rows);
        return RunAsync(Replayable(rows), (connection, ct) => ReplaceCatalogRowsAsync(connection, version, kind, rows, ct), cancellationToken);
    }

    private async Task<long> ReplaceCatalogRowsAsync(
        NpgsqlConnection connection, string version, CatalogItemKind kind, IEnumerable<CatalogRow> rows, CancellationToken cancellationToken)
    {
        var kindName = kind.ToName();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await EnsureDraftAsync(connection, transaction, version, cancellationToken).ConfigureAwait(false);

        await using (var delete = new NpgsqlCommand("DELETE FROM catalog_items WHERE version = $1 AND kind = $2", connection, transaction))
        {
            delete.Parameters.AddWithValue(version);
            delete.Parameters.AddWithValue(kindName);
            await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        long count = 0;
        // Disposing the importer without Complete cancels the COPY; the transaction then rolls back on dispose,
        // so a failing row source or a row of the wrong kind leaves nothing behind.
        await using (var importer = await connection.BeginBinaryImportAsync(CatalogCopy, cancellationToken).ConfigureAwait(false))
        {
            foreach (var row in rows)
            {
                if (row.Kind != kind)
                {
                    throw new ArgumentException($"Row for code '{row.Code}' is of kind {row.Kind.ToName()}, but rows of kind {kindName} are being imported.", nameof(rows));
                }

                // Synchronous writes on purpose: they only fill Npgsql's buffer and flush when it is full; the
                // async overloads cost a state machine per value on the million-row path.
                importer.StartRow();
                importer.Write(version, NpgsqlDbType.Text);
                importer.Write(kindName, NpgsqlDbType.Text);
                WriteItemColumns(importer, row);

                if (++count % CancellationCheckInterval == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }

            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return count;
    }

    /// <inheritdoc />
    public Task<CatalogVersionInfo> PublishCatalogVersionAsync(string version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        return RunAsync(PostgresRetry.WhenRolledBack, (connection, ct) => PublishAsync(connection, version, ct), cancellationToken);
    }

    private async Task<CatalogVersionInfo> PublishAsync(NpgsqlConnection connection, string version, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // Publishes queue on one lock: two at once would each clear the old current row and then collide on the
        // unique "current" index. Imports into the same version hold its row FOR SHARE and so wait for us (or we for them).
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({PublishLockKey})", connection, transaction))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var existing = await ReadVersionRowAsync(connection, transaction, version, "FOR UPDATE", cancellationToken).ConfigureAwait(false)
            ?? throw new StoreNotFoundException($"Catalog version '{version}' does not exist; import rows into it first (vgw catalog import).");
        if (existing.State != CatalogVersionState.Draft)
        {
            throw new StoreConflictException($"Catalog version '{version}' is already {SqliteValues.State(existing.State)}; only a draft version can be published.");
        }

        await using (var hasRows = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM catalog_items WHERE version = $1)", connection, transaction))
        {
            hasRows.Parameters.AddWithValue(version);
            if (await hasRows.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
            {
                throw new StoreConflictException($"Catalog version '{version}' has no rows; import at least one catalog file into it before publishing.");
            }
        }

        await using (var clear = new NpgsqlCommand("UPDATE catalog_versions SET is_current = false WHERE is_current", connection, transaction))
        {
            await clear.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var publish = new NpgsqlCommand(
            "UPDATE catalog_versions SET state = 'published', is_current = true, published_at = $2 WHERE version = $1", connection, transaction))
        {
            publish.Parameters.AddWithValue(version);
            publish.Parameters.AddWithValue(_timeProvider.GetUtcNow().ToUniversalTime());
            await publish.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var published = await ReadVersionsAsync(connection, transaction, "WHERE v.version = $1", version, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return published[0];
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<CatalogVersionInfo>> ListCatalogVersionsAsync(CancellationToken cancellationToken) =>
        RunAsync(PostgresRetry.Always, (connection, ct) => ReadVersionsAsync(connection, null, "", null, ct), cancellationToken);

    /// <inheritdoc />
    public async Task<CatalogVersionInfo?> GetCurrentCatalogVersionAsync(CancellationToken cancellationToken)
    {
        var found = await RunAsync(PostgresRetry.Always, (connection, ct) => ReadVersionsAsync(connection, null, "WHERE v.is_current", null, ct), cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    /// <inheritdoc />
    public Task<string?> GetCurrentCatalogVersionNameAsync(CancellationToken cancellationToken) =>
        RunAsync(PostgresRetry.Always, async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand("SELECT version FROM catalog_versions WHERE is_current", connection);
            return await command.ExecuteScalarAsync(ct).ConfigureAwait(false) as string;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<CatalogVersionState?> GetCatalogVersionStateAsync(string version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        return RunAsync<CatalogVersionState?>(PostgresRetry.Always, async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand("SELECT state FROM catalog_versions WHERE version = $1", connection);
            command.Parameters.AddWithValue(version);
            return await command.ExecuteScalarAsync(ct).ConfigureAwait(false) is string state ? SqliteValues.ParseState(state) : null;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<CatalogVersionInfo?> GetCatalogVersionAsync(string version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        var found = await RunAsync(PostgresRetry.Always, (connection, ct) => ReadVersionsAsync(connection, null, "WHERE v.version = $1", version, ct), cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    /// <inheritdoc />
    /// <exception cref="StoreNotFoundException">No such version (thrown on the first move).</exception>
    public async IAsyncEnumerable<CatalogRow> ReadCatalogRowsAsync(string version, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

        // One snapshot for the whole stream, as SQLite's deferred transaction gives.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        if (await ReadVersionRowAsync(connection, transaction, version, "", cancellationToken).ConfigureAwait(false) is null)
        {
            throw new StoreNotFoundException($"Catalog version '{version}' does not exist.");
        }

        await using var command = new NpgsqlCommand(
            """
            SELECT kind, code, name, begndate, enddate, vali_flag, chrgitm_lv, lmt_used_flag,
                   pric_uplmt_amt, lv1_hosp_item_pric, lv2_hosp_item_pric, lv3_hosp_item_pric
            FROM catalog_items WHERE version = $1
            """, connection, transaction);
        command.Parameters.AddWithValue(version);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var kinds = new Dictionary<string, CatalogItemKind>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var kindName = reader.GetString(0);
            if (!kinds.TryGetValue(kindName, out var kind))
            {
                kind = SqliteValues.ParseKind(kindName);
                kinds.Add(kindName, kind);
            }

            yield return new CatalogRow
            {
                Kind = kind,
                Code = reader.GetString(1),
                Name = reader.GetString(2),
                BeginDate = ReadDate(reader, 3),
                EndDate = ReadDate(reader, 4),
                Valid = reader.GetBoolean(5),
                ChargeLevel = reader.GetString(6),
                RestrictedUse = reader.GetBoolean(7),
                PriceCap = ReadDecimal(reader, 8),
                Level1Price = ReadDecimal(reader, 9),
                Level2Price = ReadDecimal(reader, 10),
                Level3Price = ReadDecimal(reader, 11),
            };
        }
    }

    /// <inheritdoc />
    public Task UpsertInstitutionAsync(InstitutionRecord institution, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(institution);
        ArgumentException.ThrowIfNullOrWhiteSpace(institution.Code, nameof(institution));
        if (institution.Level is < 1 or > 3)
        {
            throw new ArgumentException($"Institution '{institution.Code}' has level {institution.Level}; the level must be 1, 2 or 3.", nameof(institution));
        }

        var type = SqliteValues.InstitutionType(institution.Type);
        return RunAsync(PostgresRetry.Always, async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand(
                """
                INSERT INTO institutions (code, name, level, type, created_at, updated_at)
                VALUES ($1, $2, $3, $4, $5, $5)
                ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level, type = excluded.type, updated_at = excluded.updated_at
                """, connection);
            command.Parameters.AddWithValue(institution.Code);
            command.Parameters.AddWithValue(institution.Name ?? "");
            command.Parameters.AddWithValue((short)institution.Level);
            command.Parameters.AddWithValue(type);
            command.Parameters.AddWithValue(_timeProvider.GetUtcNow().ToUniversalTime());
            return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<InstitutionRecord?> GetInstitutionAsync(string code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(code);
        var found = await ReadInstitutionsAsync("WHERE code = $1", code, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<InstitutionRecord>> ListInstitutionsAsync(CancellationToken cancellationToken) =>
        ReadInstitutionsAsync("", null, cancellationToken);

    /// <summary>Closes the data source and its pooled connections.</summary>
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    /// <summary>Runs <paramref name="operation"/> on a fresh connection, again after a transient failure when <paramref name="retry"/> allows.</summary>
    private async Task<T> RunAsync<T>(PostgresRetry retry, Func<NpgsqlConnection, CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await operation(connection, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (attempt < MaxAttempts && !cancellationToken.IsCancellationRequested && retry switch
            {
                PostgresRetry.Always => PostgresTransientErrors.IsTransient(e),
                PostgresRetry.WhenRolledBack => PostgresTransientErrors.IsRolledBackRace(e),
                _ => false,
            })
            {
                // Fall through to the back-off, then a fresh connection: a broken one is useless.
            }
            finally
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }

            await Task.Delay(Backoff(attempt), _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task RunAsync(PostgresRetry retry, Func<NpgsqlConnection, CancellationToken, Task> operation, CancellationToken cancellationToken) =>
        await RunAsync(retry, async (connection, ct) =>
        {
            await operation(connection, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);

    /// <summary>Opens a pooled connection; nothing has been sent yet, so a transient failure is always retried.</summary>
    /// <exception cref="NpgsqlException">The server could not be reached; the message names the store.</exception>
    private async Task<NpgsqlConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (attempt < MaxAttempts && !cancellationToken.IsCancellationRequested && PostgresTransientErrors.IsTransient(e))
            {
                // Retried below.
            }
            catch (NpgsqlException e) when (!cancellationToken.IsCancellationRequested)
            {
                var reason = e.Message.TrimEnd().TrimEnd('.');
                throw new NpgsqlException(
                    $"Cannot connect to the PostgreSQL store {StoreName} (attempt {attempt} of {MaxAttempts}): {reason}. " +
                    "Check that the server is running and that host, port, database and credentials in --store are right.", e);
            }

            await Task.Delay(Backoff(attempt), _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromMilliseconds((100 << (attempt - 1)) + Random.Shared.Next(50));

    /// <summary>A write whose rows can be enumerated again may be retried whole; a one-shot stream may not.</summary>
    private static PostgresRetry Replayable<T>(IEnumerable<T> rows) =>
        rows is ICollection<T> or IReadOnlyCollection<T> ? PostgresRetry.Always : PostgresRetry.OpenOnly;

    private Task<IReadOnlyList<InstitutionRecord>> ReadInstitutionsAsync(string where, string? code, CancellationToken cancellationToken) =>
        RunAsync(PostgresRetry.Always, async (connection, ct) =>
        {
            // where is a constant from this class; values are always parameters.
            await using var command = new NpgsqlCommand($"SELECT code, name, level, type FROM institutions {where} ORDER BY code", connection);
            if (code is not null)
            {
                command.Parameters.AddWithValue(code);
            }

            var result = new List<InstitutionRecord>();
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                result.Add(new InstitutionRecord(reader.GetString(0), reader.GetString(1), reader.GetInt16(2), SqliteValues.ParseInstitutionType(reader.GetString(3))));
            }

            return (IReadOnlyList<InstitutionRecord>)result;
        }, cancellationToken);

    /// <summary>Creates draft <paramref name="version"/> if it does not exist; refuses a published or retired one.</summary>
    /// <remarks>
    /// The version row is then held FOR SHARE until commit: concurrent imports into the draft proceed together,
    /// while a publish (FOR UPDATE) waits for them, so no row lands in a version after it was published.
    /// </remarks>
    private async Task EnsureDraftAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string version, CancellationToken cancellationToken)
    {
        await using (var create = new NpgsqlCommand(
            "INSERT INTO catalog_versions (version, state, is_current, created_at) VALUES ($1, 'draft', false, $2) ON CONFLICT (version) DO NOTHING",
            connection, transaction))
        {
            create.Parameters.AddWithValue(version);
            create.Parameters.AddWithValue(_timeProvider.GetUtcNow().ToUniversalTime());
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var existing = await ReadVersionRowAsync(connection, transaction, version, "FOR SHARE", cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            // Deleted between the insert and the lock; nothing deletes versions today.
            throw new StoreConflictException($"Catalog version '{version}' disappeared while importing into it; run the import again.");
        }

        if (existing.State != CatalogVersionState.Draft)
        {
            throw new StoreConflictException(
                $"Catalog version '{version}' is {SqliteValues.State(existing.State)} and can no longer change. " +
                "Import the rows into a new version label, then publish that version.");
        }
    }

    private static async Task<CatalogVersionInfo?> ReadVersionRowAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string version, string lockClause, CancellationToken cancellationToken)
    {
        // lockClause is a constant from this class.
        await using var command = new NpgsqlCommand($"SELECT {VersionColumns} FROM catalog_versions v WHERE v.version = $1 {lockClause}", connection, transaction);
        command.Parameters.AddWithValue(version);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? ReadVersion(reader, new Dictionary<CatalogItemKind, long>())
            : null;
    }

    private static async Task<IReadOnlyList<CatalogVersionInfo>> ReadVersionsAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string where, string? version, CancellationToken cancellationToken)
    {
        // where is a constant from this class; values are always parameters. The lateral count uses the
        // (version, kind) index per version instead of grouping every version's rows; seq breaks ties between
        // versions created in the same instant.
        await using var command = new NpgsqlCommand(
            $"""
            SELECT {VersionColumns}, c.kind, c.n
            FROM catalog_versions v
            LEFT JOIN LATERAL (SELECT i.kind, count(*) AS n FROM catalog_items i WHERE i.version = v.version GROUP BY i.kind) c ON true
            {where}
            ORDER BY v.created_at DESC, v.seq DESC
            """, connection, transaction);
        if (version is not null)
        {
            command.Parameters.AddWithValue(version);
        }

        var result = new List<CatalogVersionInfo>();
        Dictionary<CatalogItemKind, long>? counts = null;
        string? last = null;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var name = reader.GetString(0);
            if (!string.Equals(name, last, StringComparison.Ordinal))
            {
                counts = [];
                result.Add(ReadVersion(reader, counts));
                last = name;
            }

            if (!reader.IsDBNull(5))
            {
                counts![SqliteValues.ParseKind(reader.GetString(5))] = reader.GetInt64(6);
            }
        }

        return result;
    }

    private static CatalogVersionInfo ReadVersion(NpgsqlDataReader reader, Dictionary<CatalogItemKind, long> counts) =>
        new(
            reader.GetString(0),
            SqliteValues.ParseState(reader.GetString(1)),
            reader.GetBoolean(2),
            reader.GetFieldValue<DateTimeOffset>(3),
            reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4),
            counts);

    /// <summary>Writes a row's item columns (code … lv3_hosp_item_pric, in catalog_items' column order) into a binary COPY.</summary>
    private static void WriteItemColumns(NpgsqlBinaryImporter importer, CatalogRow row)
    {
        importer.Write(row.Code, NpgsqlDbType.Text);
        importer.Write(row.Name ?? "", NpgsqlDbType.Text);
        WriteDate(importer, row.BeginDate);
        WriteDate(importer, row.EndDate);
        importer.Write(row.Valid, NpgsqlDbType.Boolean);
        importer.Write(row.ChargeLevel ?? "", NpgsqlDbType.Text);
        importer.Write(row.RestrictedUse, NpgsqlDbType.Boolean);
        WriteDecimal(importer, row.PriceCap);
        WriteDecimal(importer, row.Level1Price);
        WriteDecimal(importer, row.Level2Price);
        WriteDecimal(importer, row.Level3Price);
    }

    private static void WriteDate(NpgsqlBinaryImporter importer, DateOnly? value)
    {
        if (value is { } date)
        {
            importer.Write(date, NpgsqlDbType.Date);
        }
        else
        {
            importer.WriteNull();
        }
    }

    private static void WriteDecimal(NpgsqlBinaryImporter importer, decimal? value)
    {
        if (value is { } number)
        {
            importer.Write(number, NpgsqlDbType.Numeric);
        }
        else
        {
            importer.WriteNull();
        }
    }

    private static DateOnly? ReadDate(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateOnly>(ordinal);

    private static decimal? ReadDecimal(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetDecimal(ordinal);
}
