using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using ValidationGateway.Core.Audit;

namespace ValidationGateway.Storage.Sqlite;

/// <summary>The audit trail: appended in batches, one transaction per batch; read back by day.</summary>
public sealed partial class SqliteGatewayStore
{
    /// <inheritdoc />
    /// <remarks>Synchronous inside on purpose (Microsoft.Data.Sqlite has no real async I/O): the caller is the audit
    /// writer's own thread. Written through the store's audit connection (<see cref="SqliteAuditWriter"/>), opened on
    /// first use.</remarks>
    public Task<IReadOnlyList<bool>> AppendAuditAsync(IReadOnlyList<AuditRecord> records, AuditDurability durability, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<IReadOnlyList<bool>>(AuditWriter().Append(records, durability));
    }

    private SqliteAuditWriter AuditWriter()
    {
        lock (_auditWriterGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _auditWriter ??= new SqliteAuditWriter(_connectionString);
        }
    }

    /// <inheritdoc />
    /// <remarks>Read on the audit connection (<see cref="SqliteAuditWriter.ReadResponse"/>): the caller is a request
    /// whose id was already answered, and a replay should cost less than the validation it stands for.</remarks>
    public Task<byte[]?> GetAuditResponseAsync(string institutionCode, string requestId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(institutionCode);
        ArgumentNullException.ThrowIfNull(requestId);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(AuditWriter().ReadResponse(institutionCode, requestId));
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<AuditLineRow> ReadAuditLinesAsync(DateOnly firstDay, DateOnly lastDay, string? institutionCode, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT fixmedins_code, request_id, day, request, response
            FROM audit_requests WHERE day BETWEEN $first AND $last {(institutionCode is null ? "" : "AND fixmedins_code = $inst")}
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
            var day = DateOnly.ParseExact(reader.GetString(2), "yyyy-MM-dd", CultureInfo.InvariantCulture);
            foreach (var row in AuditRecords.RowsOf(reader.GetString(0), reader.GetString(1), day, (byte[])reader.GetValue(3), (byte[])reader.GetValue(4)))
            {
                yield return row;
            }
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
