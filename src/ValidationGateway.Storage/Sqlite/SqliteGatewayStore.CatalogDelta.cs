using System.Globalization;
using Microsoft.Data.Sqlite;
using ValidationGateway.Core.Catalog;

namespace ValidationGateway.Storage.Sqlite;

/// <summary>Delta imports: a draft kind built as its base version's rows overlaid with a delta file.</summary>
/// <remarks>
/// The delta goes row by row (one prepared statement) into a temporary table keyed (code, begndate); counting and
/// overlaying are then set-based joins of that table with the base's rows, which catalog_items' (version, kind)
/// index reaches without a per-code index (a key index would slow every full import, see the V1 migration).
/// </remarks>
public sealed partial class SqliteGatewayStore
{
    private const string ItemColumns = """
        code, name, begndate, enddate, vali_flag, chrgitm_lv, lmt_used_flag,
        pric_uplmt_amt, lv1_hosp_item_pric, lv2_hosp_item_pric, lv3_hosp_item_pric
        """;

    /// <inheritdoc />
    public async Task<CatalogDeltaResult> ApplyCatalogDeltaAsync(
        string version, string baseVersion, CatalogItemKind kind, IEnumerable<CatalogRow> rows, CancellationToken cancellationToken)
    {
        CatalogVersionLabel.Validate(version);
        ArgumentNullException.ThrowIfNull(baseVersion);
        ArgumentNullException.ThrowIfNull(rows);
        if (string.Equals(version, baseVersion, StringComparison.Ordinal))
        {
            throw new ArgumentException($"A delta import needs a base version other than its target; '{version}' was given as both.", nameof(baseVersion));
        }

        var kindName = kind.ToName();
        using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        using var transaction = connection.BeginTransaction(deferred: false);

        if (await ReadVersionRowAsync(connection, transaction, baseVersion, cancellationToken).ConfigureAwait(false) is null)
        {
            throw new StoreNotFoundException($"Base catalog version '{baseVersion}' does not exist; see vgw catalog list for the versions there are.");
        }

        var created = await ReadVersionRowAsync(connection, transaction, version, cancellationToken).ConfigureAwait(false) is null;
        await EnsureDraftAsync(connection, transaction, version, cancellationToken).ConfigureAwait(false);
        if (created)
        {
            // The new draft starts as the base: other kinds and knowledge points as they are (this kind follows below).
            await ExecuteAsync(connection, transaction, $"""
                INSERT INTO catalog_items (version, kind, {ItemColumns})
                SELECT $version, kind, {ItemColumns} FROM catalog_items WHERE version = $base AND kind <> $kind;
                INSERT INTO knowledge_points (version, rule_id, code, code_b, gender, age_min, age_max, max_per_day, note)
                SELECT $version, rule_id, code, code_b, gender, age_min, age_max, max_per_day, note
                FROM knowledge_points WHERE version = $base ORDER BY rowid;
                """, version, baseVersion, kindName, cancellationToken).ConfigureAwait(false);
        }

        // A pooled connection keeps its temp schema; a table left by a crashed run must not leak rows into this one.
        await ExecuteAsync(connection, transaction, """
            DROP TABLE IF EXISTS temp.catalog_delta;
            CREATE TEMP TABLE catalog_delta (
                code TEXT NOT NULL, begndate_key TEXT NOT NULL, name TEXT NOT NULL, begndate TEXT, enddate TEXT,
                vali_flag INTEGER NOT NULL, chrgitm_lv TEXT NOT NULL, lmt_used_flag INTEGER NOT NULL,
                pric_uplmt_amt TEXT, lv1_hosp_item_pric TEXT, lv2_hosp_item_pric TEXT, lv3_hosp_item_pric TEXT,
                PRIMARY KEY (code, begndate_key)
            ) WITHOUT ROWID;
            """, version, baseVersion, kindName, cancellationToken).ConfigureAwait(false);

        var deltaRows = InsertDeltaRows(connection, transaction, kind, rows, cancellationToken);

        long matched, invalidated, changed;
        using (var count = connection.CreateCommand())
        {
            count.Transaction = transaction;
            // Decimals are text with the file's scale: 12.5 and 12.50 are the same price, as PostgreSQL's numeric says.
            count.CommandText = $"""
                SELECT count(*),
                       coalesce(sum(b.vali_flag = 1 AND d.vali_flag = 0), 0),
                       coalesce(sum(NOT (b.vali_flag = 1 AND d.vali_flag = 0) AND NOT (
                           b.name = d.name AND b.enddate IS d.enddate AND b.vali_flag = d.vali_flag
                           AND b.chrgitm_lv = d.chrgitm_lv AND b.lmt_used_flag = d.lmt_used_flag
                           AND {SameDecimal("pric_uplmt_amt")} AND {SameDecimal("lv1_hosp_item_pric")}
                           AND {SameDecimal("lv2_hosp_item_pric")} AND {SameDecimal("lv3_hosp_item_pric")})), 0)
                FROM catalog_items b
                JOIN catalog_delta d ON d.code = b.code AND d.begndate_key = coalesce(b.begndate, '')
                WHERE b.version = $base AND b.kind = $kind
                """;
            count.Parameters.AddWithValue("$base", baseVersion);
            count.Parameters.AddWithValue("$kind", kindName);
            using var reader = await count.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            (matched, invalidated, changed) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        }

        await ExecuteAsync(connection, transaction, $"""
            DELETE FROM catalog_items WHERE version = $version AND kind = $kind;
            INSERT INTO catalog_items (version, kind, {ItemColumns})
            SELECT $version, kind, {ItemColumns} FROM catalog_items b
            WHERE b.version = $base AND b.kind = $kind
              AND NOT EXISTS (SELECT 1 FROM catalog_delta d WHERE d.code = b.code AND d.begndate_key = coalesce(b.begndate, ''));
            INSERT INTO catalog_items (version, kind, {ItemColumns})
            SELECT $version, $kind, {ItemColumns} FROM catalog_delta;
            DROP TABLE temp.catalog_delta;
            """, version, baseVersion, kindName, cancellationToken).ConfigureAwait(false);

        long rowCount;
        using (var total = connection.CreateCommand())
        {
            total.Transaction = transaction;
            total.CommandText = "SELECT count(*) FROM catalog_items WHERE version = $version AND kind = $kind";
            total.Parameters.AddWithValue("$version", version);
            total.Parameters.AddWithValue("$kind", kindName);
            rowCount = Convert.ToInt64(await total.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }

        transaction.Commit();
        return new CatalogDeltaResult(deltaRows - matched, changed, invalidated, matched - changed - invalidated, rowCount, created);

        static string SameDecimal(string column) =>
            $"(b.{column} IS d.{column} OR CAST(b.{column} AS REAL) = CAST(d.{column} AS REAL))";
    }

    private static long InsertDeltaRows(
        SqliteConnection connection, SqliteTransaction transaction, CatalogItemKind kind, IEnumerable<CatalogRow> rows, CancellationToken cancellationToken)
    {
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO catalog_delta (code, begndate_key, name, begndate, enddate, vali_flag, chrgitm_lv, lmt_used_flag,
                                       pric_uplmt_amt, lv1_hosp_item_pric, lv2_hosp_item_pric, lv3_hosp_item_pric)
            VALUES ($code, coalesce($begndate, ''), $name, $begndate, $enddate, $vali_flag, $chrgitm_lv, $lmt_used_flag,
                    $pric_uplmt_amt, $lv1, $lv2, $lv3)
            """;
        var parameters = new CatalogRowParameters(insert);
        insert.Prepare();

        long count = 0;
        foreach (var row in rows)
        {
            if (row.Kind != kind)
            {
                throw new ArgumentException($"Row for code '{row.Code}' is of kind {row.Kind.ToName()}, but rows of kind {kind.ToName()} are being imported.", nameof(rows));
            }

            parameters.Bind(row);
            try
            {
                // Synchronous on purpose, as in ReplaceCatalogRowsAsync.
                insert.ExecuteNonQuery();
            }
            catch (SqliteException e) when (e.SqliteErrorCode == 19)
            {
                throw new ArgumentException(
                    $"Code '{row.Code}' with begndate {SqliteValues.Date(row.BeginDate) as string ?? "(empty)"} appears twice in the delta; each (code, begndate) may appear once.",
                    nameof(rows), e);
            }

            if (++count % CancellationCheckInterval == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        return count;
    }

    private static async Task ExecuteAsync(
        SqliteConnection connection, SqliteTransaction transaction, string sql, string version, string baseVersion, string kindName, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$version", version);
        command.Parameters.AddWithValue("$base", baseVersion);
        command.Parameters.AddWithValue("$kind", kindName);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
