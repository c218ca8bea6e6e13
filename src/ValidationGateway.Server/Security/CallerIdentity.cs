namespace ValidationGateway.Server.Security;

/// <summary>Who is calling: the key's id and what it may act for.</summary>
/// <param name="KeyId">Public key id (safe to log).</param>
/// <param name="InstitutionCode">The institution an institution key acts for; null for administrators.</param>
/// <param name="IsAdmin">Administrator key.</param>
public sealed record CallerIdentity(string KeyId, string? InstitutionCode, bool IsAdmin)
{
    /// <summary>The identity used when keys are not required (development only).</summary>
    public static CallerIdentity Anonymous { get; } = new("anonymous", null, true);
}
