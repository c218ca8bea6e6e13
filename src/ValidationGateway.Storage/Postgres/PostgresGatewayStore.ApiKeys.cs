using Npgsql;
using ValidationGateway.Core.Security;

namespace ValidationGateway.Storage.Postgres;

/// <summary>API keys: hashes only; revocation is a timestamp so the history stays.</summary>
public sealed partial class PostgresGatewayStore
{
    private const string KeyColumns = "key_id, secret_hash, fixmedins_code, is_admin, created_at, revoked_at";

    /// <inheritdoc />
    /// <remarks>Not retried on a broken connection: a second insert of a key that did land would fail on its id.</remarks>
    public Task AddApiKeyAsync(ApiKeyRecord key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return RunAsync(PostgresRetry.WhenRolledBack, async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand($"INSERT INTO api_keys ({KeyColumns}) VALUES ($1, $2, $3, $4, $5, NULL)", connection);
            command.Parameters.AddWithValue(key.KeyId);
            command.Parameters.AddWithValue(key.SecretHash);
            command.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)key.InstitutionCode ?? DBNull.Value);
            command.Parameters.AddWithValue(key.IsAdmin);
            command.Parameters.AddWithValue(key.CreatedAt.ToUniversalTime());
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<ApiKeyRecord?> GetApiKeyAsync(string keyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        var keys = await ReadApiKeysAsync("WHERE key_id = $1", keyId, cancellationToken).ConfigureAwait(false);
        return keys.Count == 0 ? null : keys[0];
    }

    /// <inheritdoc />
    /// <remarks>Not retried on a broken connection: a revoke that did land would then report false.</remarks>
    public Task<bool> RevokeApiKeyAsync(string keyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        return RunAsync(PostgresRetry.WhenRolledBack, async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand("UPDATE api_keys SET revoked_at = $2 WHERE key_id = $1 AND revoked_at IS NULL", connection);
            command.Parameters.AddWithValue(keyId);
            command.Parameters.AddWithValue(_timeProvider.GetUtcNow().ToUniversalTime());
            return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync(CancellationToken cancellationToken) =>
        ReadApiKeysAsync("", null, cancellationToken);

    private Task<IReadOnlyList<ApiKeyRecord>> ReadApiKeysAsync(string where, string? id, CancellationToken cancellationToken) =>
        RunAsync(PostgresRetry.Always, async (connection, ct) =>
        {
            // where is a constant from this class; values are always parameters.
            await using var command = new NpgsqlCommand($"SELECT {KeyColumns} FROM api_keys {where} ORDER BY created_at, key_id", connection);
            if (id is not null)
            {
                command.Parameters.AddWithValue(id);
            }

            var keys = new List<ApiKeyRecord>();
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                keys.Add(new ApiKeyRecord(
                    reader.GetString(0),
                    reader.GetString(1),
                    reader.IsDBNull(2) ? null : reader.GetString(2),
                    reader.GetBoolean(3),
                    reader.GetFieldValue<DateTimeOffset>(4),
                    reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5)));
            }

            return (IReadOnlyList<ApiKeyRecord>)keys;
        }, cancellationToken);
}
