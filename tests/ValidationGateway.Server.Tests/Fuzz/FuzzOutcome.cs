using ValidationGateway.Grpc;

namespace ValidationGateway.Server.Tests.Fuzz;

/// <summary>What came back for one fuzz case.</summary>
/// <param name="HttpStatus">The HTTP status, 0 when no response arrived.</param>
/// <param name="Status">The grpc-status, null when none was sent.</param>
/// <param name="Message">The decoded grpc-message.</param>
/// <param name="Messages">Response message payloads (uncompressed frames).</param>
/// <param name="Failure">A transport-level failure (exception, hang, unreadable framing), or null.</param>
internal sealed record FuzzOutcome(int HttpStatus, GrpcStatusCode? Status, string? Message, IReadOnlyList<byte[]> Messages, string? Failure)
{
    public static FuzzOutcome Failed(string failure) => new(0, null, null, [], failure);
}
