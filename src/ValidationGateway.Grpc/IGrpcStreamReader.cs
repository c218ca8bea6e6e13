using Google.Protobuf;

namespace ValidationGateway.Grpc;

/// <summary>The request side of a streaming call, as seen by a handler.</summary>
/// <remarks>Single reader: do not read from several tasks at once.</remarks>
public interface IGrpcStreamReader<T> : IAsyncEnumerable<T>
    where T : class, IMessage<T>
{
    /// <summary>Reads the next message, or <see langword="null"/> once the client has half-closed.</summary>
    ValueTask<T?> ReadAsync(CancellationToken cancellationToken = default);
}
