using Npgsql;
using ValidationGateway.Core.Security;

namespace ValidationGateway.Storage.Postgres;

/// <summary>Administrator sessions: token hashes only; each login prunes the expired ones.</summary>
public sealed partial class PostgresGatewayStore
{
    /// <inheritdoc />
    /// <remarks>Not retried on a broken connection: a second insert of a session that did land would fail on its hash.</remarks>
    public Task AddAdminSessionAsync(AdminSessionRecord session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        return RunAsync(PostgresRetry.WhenRolledBack, async (connection, ct) =>
        {
            // One statement, so one transaction: a data-modifying WITH runs whether or not the INSERT reads it.
            await using var command = new NpgsqlCommand("""
                WITH pruned AS (DELETE FROM admin_sessions WHERE expires_at <= $5)
                INSERT INTO admin_sessions (token_hash, key_id, created_at, expires_at) VALUES ($1, $2, $3, $4)
                """, connection);
            command.Parameters.AddWithValue(session.TokenHash);
            command.Parameters.AddWithValue(session.KeyId);
            command.Parameters.AddWithValue(session.CreatedAt.ToUniversalTime());
            command.Parameters.AddWithValue(session.ExpiresAt.ToUniversalTime());
            command.Parameters.AddWithValue(_timeProvider.GetUtcNow().ToUniversalTime());
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<AdminSessionRecord?> GetAdminSessionAsync(string tokenHash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tokenHash);
        return RunAsync<AdminSessionRecord?>(PostgresRetry.Always, async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand("""
                SELECT s.key_id, s.created_at, s.expires_at
                FROM admin_sessions s LEFT JOIN api_keys k ON k.key_id = s.key_id
                WHERE s.token_hash = $1 AND s.expires_at > $2 AND k.revoked_at IS NULL
                """, connection);
            command.Parameters.AddWithValue(tokenHash);
            command.Parameters.AddWithValue(_timeProvider.GetUtcNow().ToUniversalTime());
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            return await reader.ReadAsync(ct).ConfigureAwait(false)
                ? new AdminSessionRecord(tokenHash, reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetFieldValue<DateTimeOffset>(2))
                : null;
        }, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>Retried on any transient failure: deleting a row twice leaves the same state (a retry may then report false).</remarks>
    public Task<bool> RemoveAdminSessionAsync(string tokenHash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tokenHash);
        return RunAsync(PostgresRetry.Always, async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand("DELETE FROM admin_sessions WHERE token_hash = $1", connection);
            command.Parameters.AddWithValue(tokenHash);
            return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
        }, cancellationToken);
    }
}
