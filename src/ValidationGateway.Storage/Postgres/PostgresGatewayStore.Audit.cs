using System.Runtime.CompilerServices;
using Npgsql;
using NpgsqlTypes;
using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Audit;

namespace ValidationGateway.Storage.Postgres;

/// <summary>The audit trail: appended in batches, one transaction per batch; read back by day.</summary>
public sealed partial class PostgresGatewayStore
{
    /// <inheritdoc />
    /// <remarks>Retried only when the server rolled back: after a lost commit a retry would call the stored requests replays.</remarks>
    public Task<IReadOnlyList<bool>> AppendAuditAsync(IReadOnlyList<AuditRecord> records, AuditDurability durability, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        return RunAsync<IReadOnlyList<bool>>(PostgresRetry.WhenRolledBack, async (connection, ct) =>
        {
            var stored = new bool[records.Count];
            await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
            if (durability == AuditDurability.ProcessCrash)
            {
                // This transaction only: the commit returns before the server's WAL flush.
                await using var off = new NpgsqlCommand("SET LOCAL synchronous_commit = off", connection, transaction);
                await off.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }

            await using var batch = new NpgsqlBatch(connection, transaction);
            foreach (var record in records)
            {
                var request = new NpgsqlBatchCommand("""
                    INSERT INTO audit_requests (fixmedins_code, request_id, received_at, day, catalog_version, verdict, psn_hash, line_count, request, response)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                    ON CONFLICT (fixmedins_code, request_id) DO NOTHING
                    """);
                request.Parameters.AddWithValue(record.InstitutionCode);
                request.Parameters.AddWithValue(record.RequestId);
                request.Parameters.AddWithValue(record.ReceivedAt.ToUniversalTime());
                request.Parameters.AddWithValue(record.Day);
                request.Parameters.AddWithValue(record.CatalogVersion);
                request.Parameters.AddWithValue((int)record.Verdict);
                request.Parameters.AddWithValue(record.PsnHash);
                request.Parameters.AddWithValue(record.LineCount);
                request.Parameters.AddWithValue(record.Request);
                request.Parameters.AddWithValue(record.Response);
                batch.BatchCommands.Add(request);
            }

            // All in one round trip; a request id already stored affects no row.
            await using (var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false))
            {
                await reader.CloseAsync().ConfigureAwait(false);
            }

            for (var i = 0; i < records.Count; i++)
            {
                stored[i] = batch.BatchCommands[i].RecordsAffected == 1;
            }

            await transaction.CommitAsync(ct).ConfigureAwait(false);
            return stored;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<byte[]?> GetAuditResponseAsync(string institutionCode, string requestId, CancellationToken cancellationToken) =>
        RunAsync(PostgresRetry.Always, async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand("SELECT response FROM audit_requests WHERE fixmedins_code = $1 AND request_id = $2", connection);
            command.Parameters.AddWithValue(institutionCode);
            command.Parameters.AddWithValue(requestId);
            return await command.ExecuteScalarAsync(ct).ConfigureAwait(false) as byte[];
        }, cancellationToken);

    /// <inheritdoc />
    public async IAsyncEnumerable<AuditLineRow> ReadAuditLinesAsync(DateOnly firstDay, DateOnly lastDay, string? institutionCode, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"""
            SELECT fixmedins_code, request_id, day, request, response
            FROM audit_requests WHERE day BETWEEN $1 AND $2 {(institutionCode is null ? "" : "AND fixmedins_code = $3")}
            """, connection);
        command.Parameters.AddWithValue(firstDay);
        command.Parameters.AddWithValue(lastDay);
        if (institutionCode is not null)
        {
            command.Parameters.AddWithValue(institutionCode);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            foreach (var row in AuditRecords.RowsOf(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateOnly>(2), reader.GetFieldValue<byte[]>(3), reader.GetFieldValue<byte[]>(4)))
            {
                yield return row;
            }
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<byte[]> ReadAuditRequestsAsync(DateOnly day, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT request FROM audit_requests WHERE day = $1 ORDER BY received_at", connection);
        command.Parameters.AddWithValue(day);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return reader.GetFieldValue<byte[]>(0);
        }
    }
}
