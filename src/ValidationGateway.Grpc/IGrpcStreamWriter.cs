using Google.Protobuf;

namespace ValidationGateway.Grpc;

/// <summary>The response side of a streaming call.</summary>
/// <remarks>Safe to call from several tasks at once: writes are serialized, each message is sent whole.</remarks>
public interface IGrpcStreamWriter<T>
    where T : class, IMessage<T>
{
    /// <summary>Sends one message and flushes it to the client.</summary>
    Task WriteAsync(T message, CancellationToken cancellationToken = default);
}
