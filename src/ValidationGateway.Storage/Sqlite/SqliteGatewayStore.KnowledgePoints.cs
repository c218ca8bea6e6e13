using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Rules;

namespace ValidationGateway.Storage.Sqlite;

/// <summary>Knowledge points (rule library), versioned with the catalog: written to drafts only, read per version.</summary>
public sealed partial class SqliteGatewayStore
{
    /// <inheritdoc />
    public async Task<long> ReplaceKnowledgePointsAsync(string version, IEnumerable<KnowledgePoint> points, CancellationToken cancellationToken)
    {
        CatalogVersionLabel.Validate(version);
        ArgumentNullException.ThrowIfNull(points);

        using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        using var transaction = connection.BeginTransaction(deferred: false);
        await EnsureDraftAsync(connection, transaction, version, cancellationToken).ConfigureAwait(false);

        using (var delete = connection.CreateCommand())
        {
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM knowledge_points WHERE version = $version";
            delete.Parameters.AddWithValue("$version", version);
            await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO knowledge_points (version, rule_id, code, code_b, gender, age_min, age_max, max_per_day, note)
            VALUES ($version, $rule_id, $code, $code_b, $gender, $age_min, $age_max, $max_per_day, $note)
            """;
        insert.Parameters.AddWithValue("$version", version);
        var rule = insert.Parameters.Add("$rule_id", SqliteType.Text);
        var code = insert.Parameters.Add("$code", SqliteType.Text);
        var codeB = insert.Parameters.Add("$code_b", SqliteType.Text);
        var gender = insert.Parameters.Add("$gender", SqliteType.Text);
        var ageMin = insert.Parameters.Add("$age_min", SqliteType.Integer);
        var ageMax = insert.Parameters.Add("$age_max", SqliteType.Integer);
        var maxPerDay = insert.Parameters.Add("$max_per_day", SqliteType.Text);
        var note = insert.Parameters.Add("$note", SqliteType.Text);
        insert.Prepare();

        long count = 0;
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

            rule.Value = RuleIds.NameOf(point.Rule);
            code.Value = point.Code;
            codeB.Value = point.CodeB ?? "";
            gender.Value = point.Gender ?? "";
            ageMin.Value = point.AgeMin is { } min ? min : DBNull.Value;
            ageMax.Value = point.AgeMax is { } max ? max : DBNull.Value;
            maxPerDay.Value = SqliteValues.Decimal(point.MaxPerDay);
            note.Value = point.Note ?? "";
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
    public async IAsyncEnumerable<KnowledgePoint> ReadKnowledgePointsAsync(string version, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

        // One read snapshot for the whole stream, as for catalog rows.
        using var transaction = connection.BeginTransaction(deferred: true);
        if (await ReadVersionRowAsync(connection, transaction, version, cancellationToken).ConfigureAwait(false) is null)
        {
            throw new StoreNotFoundException($"Catalog version '{version}' does not exist.");
        }

        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            SELECT rule_id, code, code_b, gender, age_min, age_max, max_per_day, note
            FROM knowledge_points WHERE version = $version ORDER BY rowid
            """;
        command.Parameters.AddWithValue("$version", version);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
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
                MaxPerDay = SqliteValues.ParseDecimal(reader.GetValue(6)),
                Note = reader.GetString(7),
            };
        }
    }
}
