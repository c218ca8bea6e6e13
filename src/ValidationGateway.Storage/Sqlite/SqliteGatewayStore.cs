using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using ValidationGateway.Core.Catalog;
using ValidationGateway.Core.Institutions;
using ValidationGateway.Storage.Migrations;

namespace ValidationGateway.Storage.Sqlite;

/// <summary>The embedded store: one SQLite file (WAL journal, foreign keys on).</summary>
/// <remarks>
/// Split by area: this file holds catalog versions and institutions; <c>SqliteGatewayStore.*.cs</c> the rest.
/// Thread-safe: every operation opens its own pooled connection. Every write is one transaction taken with
/// <c>BEGIN IMMEDIATE</c>, so concurrent writers queue on the busy timeout instead of failing on lock upgrade.
/// </remarks>
public sealed partial class SqliteGatewayStore : IGatewayStore
{
    private const int BusyTimeoutSeconds = 30;
    private const int CancellationCheckInterval = 4096;

    private const string VersionColumns = "version, state, is_current, created_at, published_at";

    private readonly string _connectionString;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _auditWriterGate = new();
    private SqliteAuditWriter? _auditWriter;
    private bool _disposed;

    /// <summary>Creates a store over the SQLite file at <paramref name="path"/>, creating its directory if missing.</summary>
    /// <remarks>Does not touch the file; call <see cref="MigrateAsync"/> (or use <see cref="OpenAsync"/>) before use.</remarks>
    public SqliteGatewayStore(string path, TimeProvider timeProvider)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(timeProvider);

        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        FilePath = fullPath;
        _timeProvider = timeProvider;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            ForeignKeys = true,
            Pooling = true,
            DefaultTimeout = BusyTimeoutSeconds,
        }.ToString();
    }

    /// <summary>Full path of the database file.</summary>
    public string FilePath { get; }

    /// <summary>Creates the store and brings its schema up to date.</summary>
    /// <exception cref="InvalidOperationException">The file's schema is newer than this build knows.</exception>
    public static async Task<SqliteGatewayStore> OpenAsync(string path, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var store = new SqliteGatewayStore(path, timeProvider);
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
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        using (var wal = connection.CreateCommand())
        {
            // journal_mode is persistent in the file; readers then never block the single writer.
            wal.CommandText = "PRAGMA journal_mode = WAL";
            await wal.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await SqliteMigrator.MigrateAsync(connection, SqliteMigrations.All, _timeProvider, FilePath, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken)
    {
        using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await SqliteMigrator.GetVersionAsync(connection, null, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<long> ReplaceCatalogRowsAsync(string version, CatalogItemKind kind, IEnumerable<CatalogRow> rows, CancellationToken cancellationToken)
    {
        CatalogVersionLabel.Validate(version);
        ArgumentNullException.ThrowIfNull(rows);
        var kindName = kind.ToName();

        using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        using var transaction = connection.BeginTransaction(deferred: false);
        await EnsureDraftAsync(connection, transaction, version, cancellationToken).ConfigureAwait(false);

        using (var delete = connection.CreateCommand())
        {
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM catalog_items WHERE version = $version AND kind = $kind";
            delete.Parameters.AddWithValue("$version", version);
            delete.Parameters.AddWithValue("$kind", kindName);
            await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO catalog_items (version, kind, code, name, begndate, enddate, vali_flag, chrgitm_lv, lmt_used_flag,
                                       pric_uplmt_amt, lv1_hosp_item_pric, lv2_hosp_item_pric, lv3_hosp_item_pric)
            VALUES ($version, $kind, $code, $name, $begndate, $enddate, $vali_flag, $chrgitm_lv, $lmt_used_flag,
                    $pric_uplmt_amt, $lv1, $lv2, $lv3)
            """;
        insert.Parameters.AddWithValue("$version", version);
        insert.Parameters.AddWithValue("$kind", kindName);
        var parameters = new CatalogRowParameters(insert);
        insert.Prepare();

        long count = 0;
        foreach (var row in rows)
        {
            if (row.Kind != kind)
            {
                throw new ArgumentException($"Row for code '{row.Code}' is of kind {row.Kind.ToName()}, but rows of kind {kindName} are being imported.", nameof(rows));
            }

            parameters.Bind(row);

            // Synchronous on purpose: Microsoft.Data.Sqlite has no real async I/O, and the async wrapper costs
            // a Task per row on the million-row path.
            insert.ExecuteNonQuery();

            if (++count % CancellationCheckInterval == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        transaction.Commit();
        return count;
    }

    /// <inheritdoc />
    public async Task<CatalogVersionInfo> PublishCatalogVersionAsync(string version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);

        using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

        // Checked once before the write lock and again under it: a bad request fails without locking, and the checks'
        // code is compiled by the time the lock is held (a `vgw` process is cold, and a running gateway's audit
        // commits wait for the lock).
        using (var read = connection.BeginTransaction(deferred: true))
        {
            await CheckPublishableAsync(connection, read, version, cancellationToken).ConfigureAwait(false);
        }

        using var transaction = connection.BeginTransaction(deferred: false);
        await CheckPublishableAsync(connection, transaction, version, cancellationToken).ConfigureAwait(false);
        using (var publish = connection.CreateCommand())
        {
            publish.Transaction = transaction;
            publish.CommandText = """
                UPDATE catalog_versions SET is_current = 0 WHERE is_current = 1;
                UPDATE catalog_versions SET state = 'published', is_current = 1, published_at = $published_at WHERE version = $version;
                """;
            publish.Parameters.AddWithValue("$version", version);
            publish.Parameters.AddWithValue("$published_at", SqliteValues.Timestamp(_timeProvider.GetUtcNow()));
            await publish.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        transaction.Commit();

        // Counted after the commit: counting a million-row version inside the write transaction held the store's
        // write lock for hundreds of milliseconds, and every node's audit writer waited behind it.
        var published = await ReadVersionsAsync(connection, null, "WHERE v.version = $version", version, cancellationToken).ConfigureAwait(false);
        return published[0];
    }

    private static async Task CheckPublishableAsync(SqliteConnection connection, SqliteTransaction transaction, string version, CancellationToken cancellationToken)
    {
        var existing = await ReadVersionRowAsync(connection, transaction, version, cancellationToken).ConfigureAwait(false)
            ?? throw new StoreNotFoundException($"Catalog version '{version}' does not exist; import rows into it first (vgw catalog import).");
        if (existing.State != CatalogVersionState.Draft)
        {
            throw new StoreConflictException($"Catalog version '{version}' is already {SqliteValues.State(existing.State)}; only a draft version can be published.");
        }

        using var hasRows = connection.CreateCommand();
        hasRows.Transaction = transaction;
        hasRows.CommandText = "SELECT EXISTS (SELECT 1 FROM catalog_items WHERE version = $version)";
        hasRows.Parameters.AddWithValue("$version", version);
        if (Convert.ToInt64(await hasRows.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) == 0)
        {
            throw new StoreConflictException($"Catalog version '{version}' has no rows; import at least one catalog file into it before publishing.");
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<CatalogVersionInfo>> ListCatalogVersionsAsync(CancellationToken cancellationToken)
    {
        using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await ReadVersionsAsync(connection, null, "", null, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<CatalogVersionInfo?> GetCurrentCatalogVersionAsync(CancellationToken cancellationToken)
    {
        using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var found = await ReadVersionsAsync(connection, null, "WHERE v.is_current = 1", null, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    /// <inheritdoc />
    public async Task<string?> GetCurrentCatalogVersionNameAsync(CancellationToken cancellationToken)
    {
        using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT version FROM catalog_versions WHERE is_current = 1";
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    /// <inheritdoc />
    public async Task<CatalogVersionState?> GetCatalogVersionStateAsync(string version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT state FROM catalog_versions WHERE version = $version";
        command.Parameters.AddWithValue("$version", version);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string state ? SqliteValues.ParseState(state) : null;
    }

    /// <inheritdoc />
    public async Task<CatalogVersionInfo?> GetCatalogVersionAsync(string version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var found = await ReadVersionsAsync(connection, null, "WHERE v.version = $version", version, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    /// <inheritdoc />
    /// <exception cref="StoreNotFoundException">No such version (thrown on the first move).</exception>
    public async IAsyncEnumerable<CatalogRow> ReadCatalogRowsAsync(string version, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

        // A deferred transaction gives one consistent read snapshot (WAL) for the whole stream.
        using var transaction = connection.BeginTransaction(deferred: true);
        if (await ReadVersionRowAsync(connection, transaction, version, cancellationToken).ConfigureAwait(false) is null)
        {
            throw new StoreNotFoundException($"Catalog version '{version}' does not exist.");
        }

        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            SELECT kind, code, name, begndate, enddate, vali_flag, chrgitm_lv, lmt_used_flag,
                   pric_uplmt_amt, lv1_hosp_item_pric, lv2_hosp_item_pric, lv3_hosp_item_pric
            FROM catalog_items WHERE version = $version
            """;
        command.Parameters.AddWithValue("$version", version);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
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
                BeginDate = SqliteValues.ParseDate(reader.GetValue(3)),
                EndDate = SqliteValues.ParseDate(reader.GetValue(4)),
                Valid = reader.GetInt64(5) != 0,
                ChargeLevel = reader.GetString(6),
                RestrictedUse = reader.GetInt64(7) != 0,
                PriceCap = SqliteValues.ParseDecimal(reader.GetValue(8)),
                Level1Price = SqliteValues.ParseDecimal(reader.GetValue(9)),
                Level2Price = SqliteValues.ParseDecimal(reader.GetValue(10)),
                Level3Price = SqliteValues.ParseDecimal(reader.GetValue(11)),
            };
        }
    }

    /// <inheritdoc />
    public async Task UpsertInstitutionAsync(InstitutionRecord institution, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(institution);
        ArgumentException.ThrowIfNullOrWhiteSpace(institution.Code, nameof(institution));
        if (institution.Level is < 1 or > 3)
        {
            throw new ArgumentException($"Institution '{institution.Code}' has level {institution.Level}; the level must be 1, 2 or 3.", nameof(institution));
        }

        var now = SqliteValues.Timestamp(_timeProvider.GetUtcNow());
        using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO institutions (code, name, level, type, created_at, updated_at)
            VALUES ($code, $name, $level, $type, $now, $now)
            ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level, type = excluded.type, updated_at = excluded.updated_at
            """;
        command.Parameters.AddWithValue("$code", institution.Code);
        command.Parameters.AddWithValue("$name", institution.Name ?? "");
        command.Parameters.AddWithValue("$level", institution.Level);
        command.Parameters.AddWithValue("$type", SqliteValues.InstitutionType(institution.Type));
        command.Parameters.AddWithValue("$now", now);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<InstitutionRecord?> GetInstitutionAsync(string code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(code);
        var found = await ReadInstitutionsAsync("WHERE code = $code", code, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<InstitutionRecord>> ListInstitutionsAsync(CancellationToken cancellationToken) =>
        ReadInstitutionsAsync("", null, cancellationToken);

    /// <summary>Releases pooled connections so the file can be moved or deleted.</summary>
    public ValueTask DisposeAsync()
    {
        lock (_auditWriterGate)
        {
            _disposed = true;
            _auditWriter?.Dispose();
            _auditWriter = null;
        }

        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
        return ValueTask.CompletedTask;
    }

    private async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task<IReadOnlyList<InstitutionRecord>> ReadInstitutionsAsync(string where, string? code, CancellationToken cancellationToken)
    {
        using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        // where is a constant from this class; values are always parameters.
        command.CommandText = $"SELECT code, name, level, type FROM institutions {where} ORDER BY code";
        if (code is not null)
        {
            command.Parameters.AddWithValue("$code", code);
        }

        var result = new List<InstitutionRecord>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(new InstitutionRecord(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), SqliteValues.ParseInstitutionType(reader.GetString(3))));
        }

        return result;
    }

    /// <summary>Creates draft <paramref name="version"/> if it does not exist; refuses a published or retired one.</summary>
    private async Task EnsureDraftAsync(SqliteConnection connection, SqliteTransaction transaction, string version, CancellationToken cancellationToken)
    {
        var existing = await ReadVersionRowAsync(connection, transaction, version, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            using var create = connection.CreateCommand();
            create.Transaction = transaction;
            create.CommandText = "INSERT INTO catalog_versions (version, state, is_current, created_at) VALUES ($version, 'draft', 0, $created_at)";
            create.Parameters.AddWithValue("$version", version);
            create.Parameters.AddWithValue("$created_at", SqliteValues.Timestamp(_timeProvider.GetUtcNow()));
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        else if (existing.State != CatalogVersionState.Draft)
        {
            throw new StoreConflictException(
                $"Catalog version '{version}' is {SqliteValues.State(existing.State)} and can no longer change. " +
                "Import the rows into a new version label, then publish that version.");
        }
    }

    private static async Task<CatalogVersionInfo?> ReadVersionRowAsync(
        SqliteConnection connection, SqliteTransaction transaction, string version, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {VersionColumns} FROM catalog_versions WHERE version = $version";
        command.Parameters.AddWithValue("$version", version);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? ReadVersion(reader, new Dictionary<CatalogItemKind, long>())
            : null;
    }

    private static async Task<IReadOnlyList<CatalogVersionInfo>> ReadVersionsAsync(
        SqliteConnection connection, SqliteTransaction? transaction, string where, string? version, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        if (version is not null)
        {
            command.Parameters.AddWithValue("$version", version);
        }

        // where is a constant from this class; values are always parameters. Counts come from the (version, kind)
        // index, for the selected versions only; rowid breaks ties between versions created in the same instant.
        command.CommandText = $"""
            SELECT v.version, v.state, v.is_current, v.created_at, v.published_at, c.kind, c.n
            FROM catalog_versions v
            LEFT JOIN (SELECT version, kind, count(*) AS n FROM catalog_items
                       WHERE version IN (SELECT v.version FROM catalog_versions v {where}) GROUP BY version, kind) c ON c.version = v.version
            {where}
            ORDER BY v.created_at DESC, v.rowid DESC
            """;

        var result = new List<CatalogVersionInfo>();
        Dictionary<CatalogItemKind, long>? counts = null;
        string? last = null;
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
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

    private static CatalogVersionInfo ReadVersion(SqliteDataReader reader, Dictionary<CatalogItemKind, long> counts) =>
        new(
            reader.GetString(0),
            SqliteValues.ParseState(reader.GetString(1)),
            reader.GetInt64(2) != 0,
            SqliteValues.ParseTimestamp(reader.GetString(3)),
            SqliteValues.ParseTimestamp(reader.GetValue(4)),
            counts);
}
