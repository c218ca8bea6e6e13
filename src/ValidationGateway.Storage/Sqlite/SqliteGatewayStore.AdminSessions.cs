using ValidationGateway.Core.Security;

namespace ValidationGateway.Storage.Sqlite;

/// <summary>Administrator sessions: token hashes only; each login prunes the expired ones.</summary>
public sealed partial class SqliteGatewayStore
{
    /// <inheritdoc />
    public async Task AddAdminSessionAsync(AdminSessionRecord session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        using var transaction = connection.BeginTransaction(deferred: false);
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = """
                DELETE FROM admin_sessions WHERE expires_at <= $now;
                INSERT INTO admin_sessions (token_hash, key_id, created_at, expires_at) VALUES ($hash, $key, $created, $expires);
                """;
            command.Parameters.AddWithValue("$now", SqliteValues.Timestamp(_timeProvider.GetUtcNow()));
            command.Parameters.AddWithValue("$hash", session.TokenHash);
            command.Parameters.AddWithValue("$key", session.KeyId);
            command.Parameters.AddWithValue("$created", SqliteValues.Timestamp(session.CreatedAt));
            command.Parameters.AddWithValue("$expires", SqliteValues.Timestamp(session.ExpiresAt));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        transaction.Commit();
    }

    /// <inheritdoc />
    public async Task<AdminSessionRecord?> GetAdminSessionAsync(string tokenHash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tokenHash);
        using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        // Read only: an expired row is left for the next login's prune, so a page never takes the write lock that the
        // audit commits of a running gateway wait for.
        command.CommandText = """
            SELECT s.key_id, s.created_at, s.expires_at
            FROM admin_sessions s LEFT JOIN api_keys k ON k.key_id = s.key_id
            WHERE s.token_hash = $hash AND s.expires_at > $now AND k.revoked_at IS NULL
            """;
        command.Parameters.AddWithValue("$hash", tokenHash);
        command.Parameters.AddWithValue("$now", SqliteValues.Timestamp(_timeProvider.GetUtcNow()));
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new AdminSessionRecord(tokenHash, reader.GetString(0), SqliteValues.ParseTimestamp(reader.GetString(1)), SqliteValues.ParseTimestamp(reader.GetString(2)))
            : null;
    }

    /// <inheritdoc />
    public async Task<bool> RemoveAdminSessionAsync(string tokenHash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tokenHash);
        using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM admin_sessions WHERE token_hash = $hash";
        command.Parameters.AddWithValue("$hash", tokenHash);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }
}
