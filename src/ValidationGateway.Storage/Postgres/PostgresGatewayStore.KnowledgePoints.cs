using System.Data;
using System.Runtime.CompilerServices;
using Npgsql;
using NpgsqlTypes;
using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Rules;
using ValidationGateway.Storage.Sqlite;

namespace ValidationGateway.Storage.Postgres;

/// <summary>Knowledge points (rule library), versioned with the catalog: written to drafts only, read per version.</summary>
public sealed partial class PostgresGatewayStore
{
    private const string KnowledgePointCopy = """
        COPY knowledge_points (version, ordinal, rule_id, code, code_b, gender, age_min, age_max, max_per_day, note)
        FROM STDIN (FORMAT BINARY)
        """;

    /// <inheritdoc />
    public Task<long> ReplaceKnowledgePointsAsync(string version, IEnumerable<KnowledgePoint> points, CancellationToken cancellationToken)
    {
        CatalogVersionLabel.Validate(version);
        ArgumentNullException.ThrowIfNull(points);
        return RunAsync(Replayable(points), (connection, ct) => ReplaceKnowledgePointsAsync(connection, version, points, ct), cancellationToken);
    }

    private async Task<long> ReplaceKnowledgePointsAsync(NpgsqlConnection connection, string version, IEnumerable<KnowledgePoint> points, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await EnsureDraftAsync(connection, transaction, version, cancellationToken).ConfigureAwait(false);

        await using (var delete = new NpgsqlCommand("DELETE FROM knowledge_points WHERE version = $1", connection, transaction))
        {
            delete.Parameters.AddWithValue(version);
            await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        long count = 0;
        await using (var importer = await connection.BeginBinaryImportAsync(KnowledgePointCopy, cancellationToken).ConfigureAwait(false))
        {
            foreach (var point in points)
            {
                ArgumentNullException.ThrowIfNull(point, nameof(points));
                if (point.Rule == RuleId.Unspecified || string.IsNullOrWhiteSpace(point.Code))
                {
                    throw new ArgumentException($"A knowledge point has no rule id or no code (rule {point.Rule}, code '{point.Code}').", nameof(points));
                }

                if (point.Gender is not ("" or "1" or "2"))
                {
                    throw new ArgumentException($"Knowledge point {RuleIds.NameOf(point.Rule)} for code '{point.Code}' has gender '{point.Gender}'; expected empty, 1 or 2.", nameof(points));
                }

                importer.StartRow();
                importer.Write(version, NpgsqlDbType.Text);
                importer.Write(checked((int)count), NpgsqlDbType.Integer);
                importer.Write(RuleIds.NameOf(point.Rule), NpgsqlDbType.Text);
                importer.Write(point.Code, NpgsqlDbType.Text);
                importer.Write(point.CodeB ?? "", NpgsqlDbType.Text);
                importer.Write(point.Gender ?? "", NpgsqlDbType.Text);
                WriteInteger(importer, point.AgeMin);
                WriteInteger(importer, point.AgeMax);
                WriteDecimal(importer, point.MaxPerDay);
                importer.Write(point.Note ?? "", NpgsqlDbType.Text);
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
    public async IAsyncEnumerable<KnowledgePoint> ReadKnowledgePointsAsync(string version, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

        // One read snapshot for the whole stream, as for catalog rows.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        if (await ReadVersionRowAsync(connection, transaction, version, "", cancellationToken).ConfigureAwait(false) is null)
        {
            throw new StoreNotFoundException($"Catalog version '{version}' does not exist.");
        }

        await using var command = new NpgsqlCommand(
            """
            SELECT rule_id, code, code_b, gender, age_min, age_max, max_per_day, note
            FROM knowledge_points WHERE version = $1 ORDER BY ordinal
            """, connection, transaction);
        command.Parameters.AddWithValue(version);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new KnowledgePoint
            {
                Rule = SqliteValues.ParseRuleId(reader.GetString(0)),
                Code = reader.GetString(1),
                CodeB = reader.GetString(2),
                Gender = reader.GetString(3),
                AgeMin = reader.IsDBNull(4) ? null : reader.GetInt32(4),
                AgeMax = reader.IsDBNull(5) ? null : reader.GetInt32(5),
                MaxPerDay = ReadDecimal(reader, 6),
                Note = reader.GetString(7),
            };
        }
    }

    private static void WriteInteger(NpgsqlBinaryImporter importer, int? value)
    {
        if (value is { } number)
        {
            importer.Write(number, NpgsqlDbType.Integer);
        }
        else
        {
            importer.WriteNull();
        }
    }
}
