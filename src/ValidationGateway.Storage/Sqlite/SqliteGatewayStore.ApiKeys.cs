using Microsoft.Data.Sqlite;
using ValidationGateway.Core.Security;

namespace ValidationGateway.Storage.Sqlite;

/// <summary>API keys: hashes only; revocation is a timestamp so the history stays.</summary>
public sealed partial class SqliteGatewayStore
{
    private const string KeyColumns = "key_id, secret_hash, fixmedins_code, is_admin, created_at, revoked_at";

    /// <inheritdoc />
    public async Task AddApiKeyAsync(ApiKeyRecord key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO api_keys ({KeyColumns}) VALUES ($id, $hash, $inst, $admin, $created, NULL)";
        command.Parameters.AddWithValue("$id", key.KeyId);
        command.Parameters.AddWithValue("$hash", key.SecretHash);
        command.Parameters.AddWithValue("$inst", (object?)key.InstitutionCode ?? DBNull.Value);
        command.Parameters.AddWithValue("$admin", key.IsAdmin ? 1 : 0);
        command.Parameters.AddWithValue("$created", SqliteValues.Timestamp(key.CreatedAt));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<ApiKeyRecord?> GetApiKeyAsync(string keyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        var keys = await ReadApiKeysAsync("WHERE key_id = $id", keyId, cancellationToken).ConfigureAwait(false);
        return keys.Count == 0 ? null : keys[0];
    }

    /// <inheritdoc />
    public async Task<bool> RevokeApiKeyAsync(string keyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE api_keys SET revoked_at = $now WHERE key_id = $id AND revoked_at IS NULL";
        command.Parameters.AddWithValue("$id", keyId);
        command.Parameters.AddWithValue("$now", SqliteValues.Timestamp(_timeProvider.GetUtcNow()));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync(CancellationToken cancellationToken) =>
        ReadApiKeysAsync("", null, cancellationToken);

    private async Task<IReadOnlyList<ApiKeyRecord>> ReadApiKeysAsync(string where, string? id, CancellationToken cancellationToken)
    {
        using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {KeyColumns} FROM api_keys {where} ORDER BY created_at, key_id";
        if (id is not null)
        {
            command.Parameters.AddWithValue("$id", id);
        }

        var keys = new List<ApiKeyRecord>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            keys.Add(new ApiKeyRecord(
                reader.GetString(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetInt64(3) == 1,
                SqliteValues.ParseTimestamp(reader.GetString(4)),
                reader.IsDBNull(5) ? null : SqliteValues.ParseTimestamp(reader.GetString(5))));
        }

        return keys;
    }
}
