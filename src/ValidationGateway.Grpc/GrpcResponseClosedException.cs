namespace ValidationGateway.Grpc;

/// <summary>A response message could not be sent because the transport had closed the call's response stream: the
/// client reset the stream or the connection dropped.</summary>
/// <remarks>Kestrel closes the stream when it reads the client's RST_STREAM and signals <c>RequestAborted</c> after
/// that, so a flush can see the closed stream while the abort token has not fired yet. This type tells
/// <see cref="GrpcExceptionMapper"/> that the client is gone either way, so the call is not logged as an unexpected
/// failure and no status is written.</remarks>
internal sealed class GrpcResponseClosedException(CancellationToken token)
    : OperationCanceledException("The response stream was closed.", token);
