namespace ValidationGateway.Core.Security;

/// <summary>A stored API key: its public id and the hash of its secret, never the secret itself.</summary>
/// <param name="KeyId">Public identifier (part of the key, safe to log).</param>
/// <param name="SecretHash">SHA-256 of the secret, hex.</param>
/// <param name="InstitutionCode">The institution the key acts for; null for an administrator key.</param>
/// <param name="IsAdmin">True for administrator keys (catalogs, institutions, compliance, /admin).</param>
/// <param name="CreatedAt">When it was issued.</param>
/// <param name="RevokedAt">When it was revoked, or null while valid.</param>
public sealed record ApiKeyRecord(string KeyId, string SecretHash, string? InstitutionCode, bool IsAdmin, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
{
    /// <summary>True while not revoked.</summary>
    public bool IsActive => RevokedAt is null;
}
