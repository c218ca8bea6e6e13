using ValidationGateway.Grpc;

namespace ValidationGateway.Server.Security;

/// <summary>What a caller may do: institution keys act only for their own institution; administrator keys for all.</summary>
internal static class CallAuthorization
{
    /// <summary>Throws PERMISSION_DENIED unless the caller may act for <paramref name="institutionCode"/>.</summary>
    public static void RequireInstitution(CallerIdentity caller, string institutionCode)
    {
        // An empty code is the request's own error (INVALID_ARGUMENT), reported by the engine.
        if (institutionCode.Length > 0 && !caller.IsAdmin && !string.Equals(caller.InstitutionCode, institutionCode, StringComparison.Ordinal))
        {
            throw new GrpcStatusException(GrpcStatusCode.PermissionDenied,
                $"此密钥属于机构 {caller.InstitutionCode}，不能代表“{institutionCode}”提交（key is for another institution）");
        }
    }

    /// <summary>Throws PERMISSION_DENIED unless the caller holds an administrator key.</summary>
    public static void RequireAdmin(CallerIdentity caller)
    {
        if (!caller.IsAdmin)
        {
            throw new GrpcStatusException(GrpcStatusCode.PermissionDenied, "此操作需要管理员密钥（administrator key required）");
        }
    }
}
