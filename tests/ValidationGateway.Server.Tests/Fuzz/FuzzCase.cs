namespace ValidationGateway.Server.Tests.Fuzz;

/// <summary>One generated input: what to send, how, and which statuses may answer it.</summary>
/// <param name="Kind">The generator branch, for statistics and failure reports.</param>
/// <param name="Path">The gRPC method path.</param>
/// <param name="Body">The raw HTTP/2 request body (frames), or null when <paramref name="Request"/> goes through the GrpcClient.</param>
/// <param name="Allowed">Statuses that count as a proper answer.</param>
/// <param name="ExpectedLines">For an OK Validate answer: how many line results it must carry; -1 when unknown.</param>
/// <param name="ExpectedRequestId">For an OK Validate answer: the request_id it must echo; null when unknown.</param>
internal sealed record FuzzCase(
    string Kind,
    string Path,
    byte[]? Body,
    StatusSet Allowed,
    int ExpectedLines = -1,
    string? ExpectedRequestId = null)
{
    /// <summary>The grpc-encoding request header, if any.</summary>
    public string? Encoding { get; init; }

    /// <summary>The grpc-timeout request header, if any (valid, huge or malformed).</summary>
    public string? Timeout { get; init; }

    /// <summary>Send the body in several DATA frames, flushing between chunks, so frame headers split across reads.</summary>
    public int[]? Chunks { get; init; }

    /// <summary>Kestrel itself may refuse the request with RST_STREAM(PROTOCOL_ERROR) (RFC 9113 §8.1.1: a malformed request).</summary>
    public bool KestrelMayResetStream { get; init; }

    /// <summary>A well-formed request sent through the project's GrpcClient instead of raw bytes.</summary>
    public Contracts.V1.ValidateRequest? Request { get; init; }

    public override string ToString() =>
        $"{Kind} {Path} body={Body?.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "client"} bytes"
        + (Encoding is null ? "" : $" grpc-encoding={Encoding}") + (Timeout is null ? "" : $" grpc-timeout={Timeout}") + (Chunks is null ? "" : $" chunks={Chunks.Length}")
        + $" allowed={Allowed}";
}
