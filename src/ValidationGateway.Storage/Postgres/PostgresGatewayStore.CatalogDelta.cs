using System.Data;
using Npgsql;
using NpgsqlTypes;
using ValidationGateway.Core.Catalog;

namespace ValidationGateway.Storage.Postgres;

/// <summary>Delta imports: a draft kind built as its base version's rows overlaid with a delta file.</summary>
/// <remarks>
/// The delta goes in by binary COPY into a temporary table (dropped at commit); counting and overlaying are then
/// set-based statements joining it with the base's rows. Keys join on coalesce(begndate, -infinity) so the join
/// can hash (IS NOT DISTINCT FROM cannot). The transaction is REPEATABLE READ: counts, copy and overlay all see
/// one snapshot of the base, even when the base is a draft someone imports into meanwhile.
/// </remarks>
public sealed partial class PostgresGatewayStore
{
    private const string ItemColumns = """
        code, name, begndate, enddate, vali_flag, chrgitm_lv, lmt_used_flag,
        pric_uplmt_amt, lv1_hosp_item_pric, lv2_hosp_item_pric, lv3_hosp_item_pric
        """;

    private const string DeltaKeyMatch = "d.code = b.code AND coalesce(d.begndate, '-infinity'::date) = coalesce(b.begndate, '-infinity'::date)";

    /// <inheritdoc />
    public Task<CatalogDeltaResult> ApplyCatalogDeltaAsync(
        string version, string baseVersion, CatalogItemKind kind, IEnumerable<CatalogRow> rows, CancellationToken cancellationToken)
    {
        CatalogVersionLabel.Validate(version);
        ArgumentNullException.ThrowIfNull(baseVersion);
        ArgumentNullException.ThrowIfNull(rows);
        if (string.Equals(version, baseVersion, StringComparison.Ordinal))
        {
            throw new ArgumentException($"A delta import needs a base version other than its target; '{version}' was given as both.", nameof(baseVersion));
        }

        return RunAsync(Replayable(rows), (connection, ct) => ApplyCatalogDeltaAsync(connection, version, baseVersion, kind, rows, ct), cancellationToken);
    }

    private async Task<CatalogDeltaResult> ApplyCatalogDeltaAsync(
        NpgsqlConnection connection, string version, string baseVersion, CatalogItemKind kind, IEnumerable<CatalogRow> rows, CancellationToken cancellationToken)
    {
        var kindName = kind.ToName();
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);

        if (await ReadVersionRowAsync(connection, transaction, baseVersion, "FOR SHARE", cancellationToken).ConfigureAwait(false) is null)
        {
            throw new StoreNotFoundException($"Base catalog version '{baseVersion}' does not exist; see vgw catalog list for the versions there are.");
        }

        var created = await ReadVersionRowAsync(connection, transaction, version, "", cancellationToken).ConfigureAwait(false) is null;
        await EnsureDraftAsync(connection, transaction, version, cancellationToken).ConfigureAwait(false);
        if (created)
        {
            // The new draft starts as the base: other kinds and knowledge points as they are (this kind follows below).
            await ExecuteAsync(connection, transaction, $"""
                INSERT INTO catalog_items (version, kind, {ItemColumns})
                SELECT $1, kind, {ItemColumns} FROM catalog_items WHERE version = $2 AND kind <> $3
                """, [version, baseVersion, kindName], cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, """
                INSERT INTO knowledge_points (version, ordinal, rule_id, code, code_b, gender, age_min, age_max, max_per_day, note)
                SELECT $1, ordinal, rule_id, code, code_b, gender, age_min, age_max, max_per_day, note
                FROM knowledge_points WHERE version = $2
                """, [version, baseVersion], cancellationToken).ConfigureAwait(false);
        }

        await using (var create = new NpgsqlCommand(
            """
            CREATE TEMP TABLE catalog_delta (
                code text COLLATE "C" NOT NULL, name text NOT NULL, begndate date, enddate date, vali_flag boolean NOT NULL,
                chrgitm_lv text NOT NULL, lmt_used_flag boolean NOT NULL, pric_uplmt_amt numeric,
                lv1_hosp_item_pric numeric, lv2_hosp_item_pric numeric, lv3_hosp_item_pric numeric
            ) ON COMMIT DROP
            """, connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var deltaRows = await CopyDeltaAsync(connection, kind, rows, cancellationToken).ConfigureAwait(false);

        await using (var analyze = new NpgsqlCommand("ANALYZE catalog_delta", connection, transaction))
        {
            // Temporary tables are never auto-analysed; without statistics the planner guesses the joins below badly.
            await analyze.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var duplicates = new NpgsqlCommand(
            "SELECT code, begndate FROM catalog_delta GROUP BY code, begndate HAVING count(*) > 1 LIMIT 1", connection, transaction))
        {
            await using var reader = await duplicates.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var begin = reader.IsDBNull(1) ? "(empty)" : reader.GetFieldValue<DateOnly>(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
                throw new ArgumentException(
                    $"Code '{reader.GetString(0)}' with begndate {begin} appears twice in the delta; each (code, begndate) may appear once.", nameof(rows));
            }
        }

        long matched, invalidated, changed;
        await using (var count = new NpgsqlCommand(
            $"""
            SELECT count(*),
                   count(*) FILTER (WHERE b.vali_flag AND NOT d.vali_flag),
                   count(*) FILTER (WHERE NOT (b.vali_flag AND NOT d.vali_flag)
                       AND (b.name, b.enddate, b.vali_flag, b.chrgitm_lv, b.lmt_used_flag,
                            b.pric_uplmt_amt, b.lv1_hosp_item_pric, b.lv2_hosp_item_pric, b.lv3_hosp_item_pric)
                       IS DISTINCT FROM
                           (d.name, d.enddate, d.vali_flag, d.chrgitm_lv, d.lmt_used_flag,
                            d.pric_uplmt_amt, d.lv1_hosp_item_pric, d.lv2_hosp_item_pric, d.lv3_hosp_item_pric))
            FROM catalog_items b JOIN catalog_delta d ON {DeltaKeyMatch}
            WHERE b.version = $1 AND b.kind = $2
            """, connection, transaction))
        {
            count.Parameters.AddWithValue(baseVersion);
            count.Parameters.AddWithValue(kindName);
            await using var reader = await count.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            (matched, invalidated, changed) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        }

        await ExecuteAsync(connection, transaction, "DELETE FROM catalog_items WHERE version = $1 AND kind = $2",
            [version, kindName], cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, $"""
            INSERT INTO catalog_items (version, kind, {ItemColumns})
            SELECT $1, kind, {ItemColumns} FROM catalog_items b
            WHERE b.version = $2 AND b.kind = $3 AND NOT EXISTS (SELECT 1 FROM catalog_delta d WHERE {DeltaKeyMatch})
            """, [version, baseVersion, kindName], cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, $"""
            INSERT INTO catalog_items (version, kind, {ItemColumns})
            SELECT $1, $2, {ItemColumns} FROM catalog_delta
            """, [version, kindName], cancellationToken).ConfigureAwait(false);
        long rowCount;
        await using (var total = new NpgsqlCommand("SELECT count(*) FROM catalog_items WHERE version = $1 AND kind = $2", connection, transaction))
        {
            total.Parameters.AddWithValue(version);
            total.Parameters.AddWithValue(kindName);
            rowCount = (long)(await total.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new CatalogDeltaResult(deltaRows - matched, changed, invalidated, matched - changed - invalidated, rowCount, created);
    }

    private static async Task<long> CopyDeltaAsync(NpgsqlConnection connection, CatalogItemKind kind, IEnumerable<CatalogRow> rows, CancellationToken cancellationToken)
    {
        long count = 0;
        // Disposing the importer without Complete cancels the COPY; the transaction then rolls back on dispose.
        await using var importer = await connection.BeginBinaryImportAsync(
            $"COPY catalog_delta ({ItemColumns}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        foreach (var row in rows)
        {
            if (row.Kind != kind)
            {
                throw new ArgumentException($"Row for code '{row.Code}' is of kind {row.Kind.ToName()}, but rows of kind {kind.ToName()} are being imported.", nameof(rows));
            }

            // Synchronous writes on purpose, as in ReplaceCatalogRowsAsync.
            importer.StartRow();
            WriteItemColumns(importer, row);

            if (++count % CancellationCheckInterval == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        return count;
    }

    private static async Task<long> ExecuteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, IReadOnlyList<string> values, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var value in values)
        {
            command.Parameters.AddWithValue(value);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
