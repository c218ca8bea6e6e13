namespace ValidationGateway.Server.Admin;

/// <summary>A logged-in administrator.</summary>
/// <param name="Token">The random token in the cookie.</param>
/// <param name="KeyId">The public id of the key used to log in (safe to show and log).</param>
/// <param name="ExpiresAt">When the session ends.</param>
internal sealed record AdminSession(string Token, string KeyId, DateTimeOffset ExpiresAt);
