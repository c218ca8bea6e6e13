namespace ValidationGateway.Core.Security;

/// <summary>A stored administrator web session: the hash of its token, never the token itself.</summary>
/// <param name="TokenHash">SHA-256 of the token the browser holds in its cookie, hex.</param>
/// <param name="KeyId">Public id of the administrator key used to log in (safe to show and log).</param>
/// <param name="CreatedAt">When the administrator logged in.</param>
/// <param name="ExpiresAt">When the session ends, whatever happens before.</param>
public sealed record AdminSessionRecord(string TokenHash, string KeyId, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);
