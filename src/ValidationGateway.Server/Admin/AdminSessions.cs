using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using ValidationGateway.Core.Security;
using ValidationGateway.Storage;

namespace ValidationGateway.Server.Admin;

/// <summary>Administrator sessions: random tokens with an absolute expiry, kept in the store as the SHA-256 of the token.</summary>
/// <remarks>
/// Thread-safe: no state of its own. The browser holds only the token (an HttpOnly, SameSite=Strict cookie), never the
/// API key; the store holds only the token's hash, so reading the table lets nobody in. Every node sharing the store
/// knows every session, so a load balancer may send each page to any node, and sessions survive a restart. Logout
/// deletes the row: the session ends on every node at once. A page costs one store query (<see cref="GetAsync"/>),
/// which also refuses the session once its key has been revoked.
/// </remarks>
internal sealed class AdminSessions(IGatewayStore store, TimeProvider time)
{
    /// <summary>How long a session lasts after login (a working day).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    /// <summary>The cookie that carries the token.</summary>
    public const string CookieName = "vgw_admin";

    private const int TokenBytes = 32;
    private const int TokenLength = 43;

    /// <summary>Starts a session for a verified administrator key and returns its token (stored as its hash; expired sessions are pruned).</summary>
    public async Task<AdminSession> CreateAsync(string keyId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(TokenBytes));
        var record = new AdminSessionRecord(HashToken(token), keyId, now, now + Lifetime);
        await store.AddAdminSessionAsync(record, cancellationToken).ConfigureAwait(false);
        return new AdminSession(token, keyId, record.ExpiresAt);
    }

    /// <summary>The live session for a token; null when unknown, expired, ended by a logout on any node, or its key revoked.</summary>
    public async Task<AdminSession?> GetAsync(string? token, CancellationToken cancellationToken)
    {
        // A cookie that cannot be a token is refused without asking the store.
        if (!IsWellFormed(token))
        {
            return null;
        }

        var record = await store.GetAdminSessionAsync(HashToken(token), cancellationToken).ConfigureAwait(false);
        return record is null ? null : new AdminSession(token, record.KeyId, record.ExpiresAt);
    }

    /// <summary>Ends a session (logout) on every node.</summary>
    public async Task RemoveAsync(string? token, CancellationToken cancellationToken)
    {
        if (IsWellFormed(token))
        {
            await store.RemoveAdminSessionAsync(HashToken(token), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>SHA-256 of the token, hex: what the store keeps and looks up. A fast hash is enough: the token is 256 random bits.</summary>
    internal static string HashToken(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(token)));

    private static bool IsWellFormed([NotNullWhen(true)] string? token)
    {
        if (token is not { Length: TokenLength })
        {
            return false;
        }

        foreach (var c in token)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_')
            {
                return false;
            }
        }

        return true;
    }
}
