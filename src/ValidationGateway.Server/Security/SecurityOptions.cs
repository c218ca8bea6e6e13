namespace ValidationGateway.Server.Security;

/// <summary>Credential settings (configuration section <c>Security</c>).</summary>
public sealed class SecurityOptions
{
    /// <summary>Every gRPC call (but health checks) needs <c>authorization: Bearer &lt;key&gt;</c>. Default true.</summary>
    public bool RequireApiKeys { get; set; } = true;

    /// <summary>How long a verified key is trusted before the store is asked again; bounds how late a revocation made by another process takes effect. Default 5 s.</summary>
    public TimeSpan KeyCacheTtl { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Errors naming each bad setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate() =>
        KeyCacheTtl < TimeSpan.Zero || KeyCacheTtl > TimeSpan.FromMinutes(10)
            ? [$"Security:KeyCacheTtl must be between 0 and 10 minutes (was {KeyCacheTtl})"]
            : [];
}
