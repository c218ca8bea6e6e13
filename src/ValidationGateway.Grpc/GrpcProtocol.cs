namespace ValidationGateway.Grpc;

/// <summary>Header names and values of the gRPC HTTP/2 protocol.</summary>
internal static class GrpcProtocol
{
    public const string ContentType = "application/grpc";
    public const string StatusHeader = "grpc-status";
    public const string MessageHeader = "grpc-message";
    public const string EncodingHeader = "grpc-encoding";
    public const string AcceptEncodingHeader = "grpc-accept-encoding";
    public const string TimeoutHeader = "grpc-timeout";
    public const string AcceptedEncodings = "identity,gzip";
    public const string Identity = "identity";
    public const string Gzip = "gzip";
    public const int HeaderSize = 5;

    /// <summary>True for <c>application/grpc</c> and <c>application/grpc+proto</c>, with or without parameters.</summary>
    public static bool IsGrpcContentType(string? contentType)
    {
        if (contentType is null || !contentType.StartsWith(ContentType, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = contentType.AsSpan(ContentType.Length);
        var semicolon = rest.IndexOf(';');
        if (semicolon >= 0)
        {
            rest = rest[..semicolon];
        }

        rest = rest.Trim();
        return rest.IsEmpty || rest.Equals("+proto", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Headers the transport owns; everything else received in trailers is handed to the caller.</summary>
    /// <remarks>Only the grpc-* headers the transport itself reads: others, such as grpc-retry-pushback-ms (the retry
    /// spec's server pushback), are for the caller.</remarks>
    public static bool IsReservedHeader(string name) =>
        name.Equals("grpc-status", StringComparison.OrdinalIgnoreCase)
        || name.Equals("grpc-message", StringComparison.OrdinalIgnoreCase)
        || name.Equals("grpc-encoding", StringComparison.OrdinalIgnoreCase)
        || name.Equals("grpc-accept-encoding", StringComparison.OrdinalIgnoreCase)
        || name.Equals("grpc-timeout", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith(':')
        || name.Equals("content-type", StringComparison.OrdinalIgnoreCase)
        || name.Equals("te", StringComparison.OrdinalIgnoreCase)
        || name.Equals("date", StringComparison.OrdinalIgnoreCase)
        || name.Equals("server", StringComparison.OrdinalIgnoreCase);
}
