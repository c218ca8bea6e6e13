namespace ValidationGateway.Grpc;

/// <summary>A gRPC call ended with a non-OK status; thrown by handlers to answer with a status, and by <see cref="GrpcClient"/>.</summary>
public sealed class GrpcStatusException : Exception
{
    private static readonly KeyValuePair<string, string>[] NoTrailers = [];

    /// <summary>Creates an exception carrying a status, a detail for the client and optional extra trailers.</summary>
    public GrpcStatusException(
        GrpcStatusCode statusCode,
        string detail,
        IReadOnlyList<KeyValuePair<string, string>>? trailers = null,
        Exception? innerException = null)
        : base($"Status({statusCode}, \"{detail}\")", innerException)
    {
        StatusCode = statusCode;
        Detail = detail;
        Trailers = trailers ?? NoTrailers;
    }

    /// <summary>Creates an UNKNOWN status exception (standard exception constructor).</summary>
    public GrpcStatusException()
        : this(GrpcStatusCode.Unknown, string.Empty)
    {
    }

    /// <summary>Creates an UNKNOWN status exception with a detail (standard exception constructor).</summary>
    public GrpcStatusException(string message)
        : this(GrpcStatusCode.Unknown, message)
    {
    }

    /// <summary>Creates an UNKNOWN status exception with a detail and a cause (standard exception constructor).</summary>
    public GrpcStatusException(string message, Exception innerException)
        : this(GrpcStatusCode.Unknown, message, null, innerException)
    {
    }

    /// <summary>The status code.</summary>
    public GrpcStatusCode StatusCode { get; }

    /// <summary>The text for the client (sent as <c>grpc-message</c>, percent-encoded; may be Chinese).</summary>
    public string Detail { get; }

    /// <summary>Extra trailers sent with the status (e.g. a retry hint), or those received by the client.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Trailers { get; }
}
