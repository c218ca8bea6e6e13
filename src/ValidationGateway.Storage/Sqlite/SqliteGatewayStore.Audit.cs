using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Audit;

namespace ValidationGateway.Storage.Sqlite;

/// <summary>The audit trail: appended in batches, one transaction per batch; read back by day.</summary>
public sealed partial class SqliteGatewayStore
{
    /// <inheritdoc />
    /// <remarks>Synchronous inside on purpose (Microsoft.Data.Sqlite has no real async I/O): the caller is the audit
    /// writer's own thread.</remarks>
    public async Task<IReadOnlyList<bool>> AppendAuditAsync(IReadOnlyList<AuditRecord> records, AuditDurability durability, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        var stored = new bool[records.Count];
        using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        using (var sync = connection.CreateCommand())
        {
            // Per connection, and pooled connections are reused by other writes: set it on every audit commit.
            sync.CommandText = durability == AuditDurability.PowerLoss ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL";
            sync.ExecuteNonQuery();
        }

        try
        {
            AppendAudit(connection, records, stored);
        }
        finally
        {
            if (durability != AuditDurability.PowerLoss)
            {
                // Other writes that reuse this pooled connection keep the store's default.
                using var restore = connection.CreateCommand();
                restore.CommandText = "PRAGMA synchronous = FULL";
                restore.ExecuteNonQuery();
            }
        }

        return stored;
    }

    private static void AppendAudit(SqliteConnection connection, IReadOnlyList<AuditRecord> records, bool[] stored)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        using var request = connection.CreateCommand();
        request.Transaction = transaction;
        request.CommandText = """
            INSERT INTO audit_requests (fixmedins_code, request_id, received_at, day, catalog_version, verdict, psn_hash, line_count, request, response)
            VALUES ($inst, $id, $at, $day, $ver, $verdict, $psn, $count, $request, $response)
            ON CONFLICT (fixmedins_code, request_id) DO NOTHING
            """;
        var rInst = request.Parameters.Add("$inst", SqliteType.Text);
        var rId = request.Parameters.Add("$id", SqliteType.Text);
        var rAt = request.Parameters.Add("$at", SqliteType.Text);
        var rDay = request.Parameters.Add("$day", SqliteType.Text);
        var rVer = request.Parameters.Add("$ver", SqliteType.Text);
        var rVerdict = request.Parameters.Add("$verdict", SqliteType.Integer);
        var rPsn = request.Parameters.Add("$psn", SqliteType.Text);
        var rCount = request.Parameters.Add("$count", SqliteType.Integer);
        var rRequest = request.Parameters.Add("$request", SqliteType.Blob);
        var rResponse = request.Parameters.Add("$response", SqliteType.Blob);

        // A request's lines go in with one statement: they travel as one JSON array that SQLite unpacks itself
        // (json_each), instead of one execution and eleven parameter bindings per line.
        using var line = connection.CreateCommand();
        line.Transaction = transaction;
        line.CommandText = """
            INSERT INTO audit_lines (fixmedins_code, request_id, line_index, day, medins_list_codg, med_list_codg, verdict, valid_code, rule_ids, amount, over_cap)
            SELECT $inst, $id, l.value ->> 0, $day, l.value ->> 1, l.value ->> 2, l.value ->> 3, l.value ->> 4, l.value ->> 5, l.value ->> 6, l.value ->> 7
            FROM json_each($lines) AS l
            """;
        var lInst = line.Parameters.Add("$inst", SqliteType.Text);
        var lId = line.Parameters.Add("$id", SqliteType.Text);
        var lDay = line.Parameters.Add("$day", SqliteType.Text);
        var lLines = line.Parameters.Add("$lines", SqliteType.Text);
        var json = new ArrayBufferWriter<byte>(1024);
        using var writer = new Utf8JsonWriter(json);

        for (var r = 0; r < records.Count; r++)
        {
            var record = records[r];
            var day = SqliteValues.Date(record.Day);
            rInst.Value = record.InstitutionCode;
            rId.Value = record.RequestId;
            rAt.Value = SqliteValues.Timestamp(record.ReceivedAt);
            rDay.Value = day;
            rVer.Value = record.CatalogVersion;
            rVerdict.Value = (int)record.Verdict;
            rPsn.Value = record.PsnHash;
            rCount.Value = record.Lines.Count;
            rRequest.Value = record.Request;
            rResponse.Value = record.Response;
            stored[r] = request.ExecuteNonQuery() == 1;
            if (!stored[r] || record.Lines.Count == 0)
            {
                continue;
            }

            json.ResetWrittenCount();
            writer.Reset(json);
            WriteLines(writer, record.Lines);
            lInst.Value = record.InstitutionCode;
            lId.Value = record.RequestId;
            lDay.Value = day;
            lLines.Value = Encoding.UTF8.GetString(json.WrittenSpan);
            line.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>[[line_index, local code, national code, verdict, valid_code, rule_ids, amount, over_cap], …]; amounts as
    /// decimal text, exactly as the one-row-per-line insert stored them.</summary>
    private static void WriteLines(Utf8JsonWriter writer, IReadOnlyList<AuditLine> lines)
    {
        writer.WriteStartArray();
        foreach (var l in lines)
        {
            writer.WriteStartArray();
            writer.WriteNumberValue(l.LineIndex);
            writer.WriteStringValue(l.LocalCode);
            writer.WriteStringValue(l.NationalCode);
            writer.WriteNumberValue((int)l.Verdict);
            writer.WriteNumberValue(l.HasValidNationalCode ? 1 : 0);
            writer.WriteStringValue(l.RuleIds);
            WriteDecimalText(writer, l.Amount);
            WriteDecimalText(writer, l.OverCap);
            writer.WriteEndArray();
        }

        writer.WriteEndArray();
        writer.Flush();
    }

    private static void WriteDecimalText(Utf8JsonWriter writer, decimal? value)
    {
        if (value is { } v)
        {
            writer.WriteStringValue(v.ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    /// <inheritdoc />
    public async Task<byte[]?> GetAuditResponseAsync(string institutionCode, string requestId, CancellationToken cancellationToken)
    {
        using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT response FROM audit_requests WHERE fixmedins_code = $inst AND request_id = $id";
        command.Parameters.AddWithValue("$inst", institutionCode);
        command.Parameters.AddWithValue("$id", requestId);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as byte[];
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<AuditLineRow> ReadAuditLinesAsync(DateOnly firstDay, DateOnly lastDay, string? institutionCode, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT fixmedins_code, request_id, day, line_index, medins_list_codg, med_list_codg, verdict, valid_code, rule_ids, amount, over_cap
            FROM audit_lines WHERE day BETWEEN $first AND $last {(institutionCode is null ? "" : "AND fixmedins_code = $inst")}
            """;
        command.Parameters.AddWithValue("$first", SqliteValues.Date(firstDay));
        command.Parameters.AddWithValue("$last", SqliteValues.Date(lastDay));
        if (institutionCode is not null)
        {
            command.Parameters.AddWithValue("$inst", institutionCode);
        }

        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new AuditLineRow(
                reader.GetString(0),
                reader.GetString(1),
                DateOnly.ParseExact(reader.GetString(2), "yyyy-MM-dd", CultureInfo.InvariantCulture),
                new AuditLine(
                    reader.GetInt32(3),
                    reader.GetString(4),
                    reader.GetString(5),
                    (Verdict)reader.GetInt32(6),
                    reader.GetInt64(7) == 1,
                    reader.GetString(8),
                    SqliteValues.ParseDecimal(reader.GetValue(9)),
                    SqliteValues.ParseDecimal(reader.GetValue(10))));
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<byte[]> ReadAuditRequestsAsync(DateOnly day, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT request FROM audit_requests WHERE day = $day ORDER BY received_at";
        command.Parameters.AddWithValue("$day", SqliteValues.Date(day));
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return (byte[])reader.GetValue(0);
        }
    }
}
