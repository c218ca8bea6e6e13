using System.Data;
using System.Runtime.CompilerServices;
using Npgsql;
using NpgsqlTypes;
using ValidationGateway.Core.Institutions;
using ValidationGateway.Storage.Sqlite;

namespace ValidationGateway.Storage.Postgres;

/// <summary>Approved local-to-national mappings (目录对照) and registered practitioners, per institution.</summary>
public sealed partial class PostgresGatewayStore
{
    private const int MaxErrorCodeLength = 60;

    // Upserts go in batches of single-row statements rather than one multi-row INSERT: a key repeated within one
    // call must update the row it just wrote (last wins, as in SQLite), which one INSERT … ON CONFLICT refuses.
    private const int UpsertBatchSize = 500;

    private const string UpsertMappingSql = """
        INSERT INTO mappings (fixmedins_code, medins_list_codg, med_list_codg, item_type, medins_list_name, begndate, enddate, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        ON CONFLICT (fixmedins_code, medins_list_codg, coalesce(begndate, '-infinity'::date)) DO UPDATE SET
            med_list_codg = excluded.med_list_codg, item_type = excluded.item_type, medins_list_name = excluded.medins_list_name,
            enddate = excluded.enddate, updated_at = excluded.updated_at
        """;

    private const string UpsertPractitionerSql = """
        INSERT INTO practitioners (fixmedins_code, code, kind, name, valid, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6)
        ON CONFLICT (fixmedins_code, code) DO UPDATE SET
            kind = excluded.kind, name = excluded.name, valid = excluded.valid, updated_at = excluded.updated_at
        """;

    /// <inheritdoc />
    public Task<int> UpsertMappingsAsync(string institutionCode, IEnumerable<MappingRow> rows, bool replaceAll, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(institutionCode);
        ArgumentNullException.ThrowIfNull(rows);
        return RunAsync(Replayable(rows), (connection, ct) => UpsertMappingsAsync(connection, institutionCode, rows, replaceAll, ct), cancellationToken);
    }

    private async Task<int> UpsertMappingsAsync(
        NpgsqlConnection connection, string institutionCode, IEnumerable<MappingRow> rows, bool replaceAll, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await EnsureInstitutionAsync(connection, transaction, institutionCode, cancellationToken).ConfigureAwait(false);

        if (replaceAll)
        {
            await using var delete = new NpgsqlCommand("DELETE FROM mappings WHERE fixmedins_code = $1", connection, transaction);
            delete.Parameters.AddWithValue(institutionCode);
            await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var now = _timeProvider.GetUtcNow().ToUniversalTime();
        await using var batch = new NpgsqlBatch(connection, transaction);
        var count = 0;
        foreach (var row in rows)
        {
            ArgumentNullException.ThrowIfNull(row, nameof(rows));
            if (!string.Equals(row.InstitutionCode, institutionCode, StringComparison.Ordinal))
            {
                // Thrown before commit: the transaction rolls back and nothing of this call is kept.
                throw new ArgumentException(
                    $"Mapping of local code '{Shorten(row.LocalCode)}' belongs to institution '{Shorten(row.InstitutionCode)}', but mappings of '{institutionCode}' are being imported.",
                    nameof(rows));
            }

            if (string.IsNullOrWhiteSpace(row.LocalCode) || string.IsNullOrWhiteSpace(row.NationalCode))
            {
                throw new ArgumentException($"A mapping of institution '{institutionCode}' has an empty local or national code.", nameof(rows));
            }

            var command = new NpgsqlBatchCommand(UpsertMappingSql);
            command.Parameters.AddWithValue(institutionCode);
            command.Parameters.AddWithValue(row.LocalCode);
            command.Parameters.AddWithValue(row.NationalCode);
            command.Parameters.AddWithValue(SqliteValues.ItemType(row.ItemType));
            command.Parameters.AddWithValue(row.LocalName ?? "");
            command.Parameters.Add(DateParameter(row.BeginDate));
            command.Parameters.Add(DateParameter(row.EndDate));
            command.Parameters.AddWithValue(now);
            batch.BatchCommands.Add(command);
            count++;
            if (batch.BatchCommands.Count == UpsertBatchSize)
            {
                await FlushAsync(batch, cancellationToken).ConfigureAwait(false);
            }
        }

        await FlushAsync(batch, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return count;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<MappingRow>> GetMappingsAsync(string institutionCode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(institutionCode);
        return RunAsync(PostgresRetry.Always, async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand(
                """
                SELECT medins_list_codg, med_list_codg, item_type, medins_list_name, begndate, enddate
                FROM mappings WHERE fixmedins_code = $1
                ORDER BY medins_list_codg, coalesce(begndate, '-infinity'::date)
                """, connection);
            command.Parameters.AddWithValue(institutionCode);

            var result = new List<MappingRow>();
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                result.Add(new MappingRow
                {
                    InstitutionCode = institutionCode,
                    LocalCode = reader.GetString(0),
                    NationalCode = reader.GetString(1),
                    ItemType = SqliteValues.ParseItemType(reader.GetString(2)),
                    LocalName = reader.GetString(3),
                    BeginDate = ReadDate(reader, 4),
                    EndDate = ReadDate(reader, 5),
                });
            }

            return (IReadOnlyList<MappingRow>)result;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<MappingRow> ReadAllMappingsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // A stream cannot be replayed, so no retry here (as for catalog rows); one snapshot for the whole read. No ORDER
        // BY: the caller groups rows by institution, and the server need not sort millions of rows.
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            """
            SELECT fixmedins_code, medins_list_codg, med_list_codg, item_type, begndate, enddate
            FROM mappings
            """, connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var institution = "";
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            // One string per institution, not per row.
            var code = reader.GetString(0);
            institution = string.Equals(code, institution, StringComparison.Ordinal) ? institution : code;
            yield return new MappingRow
            {
                InstitutionCode = institution,
                LocalCode = reader.GetString(1),
                NationalCode = reader.GetString(2),
                ItemType = SqliteValues.ParseItemType(reader.GetString(3)),
                BeginDate = ReadDate(reader, 4),
                EndDate = ReadDate(reader, 5),
            };
        }
    }

    /// <inheritdoc />
    public Task<long> CountMappingsAsync(string institutionCode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(institutionCode);
        return RunAsync(PostgresRetry.Always, async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand("SELECT count(*) FROM mappings WHERE fixmedins_code = $1", connection);
            command.Parameters.AddWithValue(institutionCode);
            return (long)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<int> UpsertPractitionersAsync(IEnumerable<PractitionerRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return RunAsync(Replayable(rows), (connection, ct) => UpsertPractitionersAsync(connection, rows, ct), cancellationToken);
    }

    private async Task<int> UpsertPractitionersAsync(NpgsqlConnection connection, IEnumerable<PractitionerRow> rows, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var now = _timeProvider.GetUtcNow().ToUniversalTime();
        await using var batch = new NpgsqlBatch(connection, transaction);
        var count = 0;
        foreach (var row in rows)
        {
            ArgumentNullException.ThrowIfNull(row, nameof(rows));
            if (string.IsNullOrWhiteSpace(row.Code) || string.IsNullOrWhiteSpace(row.InstitutionCode))
            {
                throw new ArgumentException("A practitioner has an empty code or institution code.", nameof(rows));
            }

            var command = new NpgsqlBatchCommand(UpsertPractitionerSql);
            command.Parameters.AddWithValue(row.InstitutionCode);
            command.Parameters.AddWithValue(row.Code);
            command.Parameters.AddWithValue(SqliteValues.PractitionerKind(row.Kind));
            command.Parameters.AddWithValue(row.Name ?? "");
            command.Parameters.AddWithValue(row.Valid);
            command.Parameters.AddWithValue(now);
            batch.BatchCommands.Add(command);
            count++;
            if (batch.BatchCommands.Count == UpsertBatchSize)
            {
                await FlushAsync(batch, cancellationToken).ConfigureAwait(false);
            }
        }

        await FlushAsync(batch, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return count;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<PractitionerRow>> GetPractitionersAsync(string institutionCode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(institutionCode);
        return RunAsync(PostgresRetry.Always, async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand("SELECT code, kind, name, valid FROM practitioners WHERE fixmedins_code = $1 ORDER BY code", connection);
            command.Parameters.AddWithValue(institutionCode);

            var result = new List<PractitionerRow>();
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                result.Add(new PractitionerRow(
                    reader.GetString(0), SqliteValues.ParsePractitionerKind(reader.GetString(1)), institutionCode, reader.GetString(2), reader.GetBoolean(3)));
            }

            return (IReadOnlyList<PractitionerRow>)result;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<PractitionerRow> ReadAllPractitionersAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT fixmedins_code, code, kind, name, valid FROM practitioners ORDER BY fixmedins_code, code", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new PractitionerRow(
                reader.GetString(1), SqliteValues.ParsePractitionerKind(reader.GetString(2)), reader.GetString(0), reader.GetString(3), reader.GetBoolean(4));
        }
    }

    private static async Task EnsureInstitutionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string institutionCode, CancellationToken cancellationToken)
    {
        // FOR KEY SHARE: the institution cannot vanish under the mappings being written (nothing deletes one today).
        await using var command = new NpgsqlCommand("SELECT 1 FROM institutions WHERE code = $1 FOR KEY SHARE", connection, transaction);
        command.Parameters.AddWithValue(institutionCode);
        if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null)
        {
            throw new StoreNotFoundException(
                $"Institution '{institutionCode}' is not registered; register it first with vgw institution add --code {institutionCode} --name … --level 1|2|3 --type hospital|pharmacy.");
        }
    }

    private static async Task FlushAsync(NpgsqlBatch batch, CancellationToken cancellationToken)
    {
        if (batch.BatchCommands.Count == 0)
        {
            return;
        }

        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        batch.BatchCommands.Clear();
    }

    private static NpgsqlParameter DateParameter(DateOnly? value) =>
        new() { NpgsqlDbType = NpgsqlDbType.Date, Value = value is { } date ? date : DBNull.Value };

    private static string Shorten(string? value) =>
        value is null ? "" : value.Length <= MaxErrorCodeLength ? value : value[..MaxErrorCodeLength] + "…";
}
