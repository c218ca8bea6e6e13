using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace ValidationGateway.Server.Admin;

/// <summary>Administrator sessions: random tokens held in memory with an absolute expiry.</summary>
/// <remarks>
/// Thread-safe. The browser holds only the token (an HttpOnly, SameSite=Strict cookie), never the API key. Sessions do
/// not survive a restart and are not shared between nodes: an administrator logs in again, which is cheap.
/// </remarks>
internal sealed class AdminSessions(TimeProvider time)
{
    /// <summary>How long a session lasts after login (a working day).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    /// <summary>The cookie that carries the token.</summary>
    public const string CookieName = "vgw_admin";

    private readonly ConcurrentDictionary<string, AdminSession> _sessions = new(StringComparer.Ordinal);

    /// <summary>Starts a session for a verified administrator key and returns its token.</summary>
    public AdminSession Create(string keyId)
    {
        var now = time.GetUtcNow();
        foreach (var (token, session) in _sessions)
        {
            if (session.ExpiresAt <= now)
            {
                _sessions.TryRemove(token, out _);
            }
        }

        var created = new AdminSession(Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32)), keyId, now + Lifetime);
        _sessions[created.Token] = created;
        return created;
    }

    /// <summary>The live session for a token; false when unknown or expired.</summary>
    public bool TryGet(string? token, out AdminSession session)
    {
        if (token is { Length: > 0 } && _sessions.TryGetValue(token, out var found))
        {
            if (found.ExpiresAt > time.GetUtcNow())
            {
                session = found;
                return true;
            }

            _sessions.TryRemove(token, out _);
        }

        session = null!;
        return false;
    }

    /// <summary>Ends a session (logout).</summary>
    public void Remove(string? token)
    {
        if (token is not null)
        {
            _sessions.TryRemove(token, out _);
        }
    }
}
