using System.Runtime.CompilerServices;
using Google.Protobuf;

namespace ValidationGateway.Grpc;

/// <summary>A server-streaming call in progress.</summary>
/// <remarks>Single reader. Disposing the call cancels it if it has not ended.</remarks>
public sealed class GrpcServerStreamingCall<TResponse> : IDisposable
    where TResponse : class, IMessage<TResponse>
{
    private readonly GrpcClientCall _call;
    private readonly MessageParser<TResponse> _parser;

    internal GrpcServerStreamingCall(GrpcClientCall call, MessageParser<TResponse> parser)
    {
        _call = call;
        _parser = parser;
    }

    /// <summary>Reads the next response; null once the call ended OK.</summary>
    /// <exception cref="GrpcStatusException">The call ended with a non-OK status.</exception>
    public ValueTask<TResponse?> ReadAsync(CancellationToken cancellationToken = default) =>
        _call.ReadAsync(_parser, cancellationToken);

    /// <summary>Enumerates the responses until the call ends; a non-OK status is thrown at the end.</summary>
    public async IAsyncEnumerable<TResponse> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await ReadAsync(cancellationToken).ConfigureAwait(false) is { } message)
        {
            yield return message;
        }
    }

    /// <summary>Ends the call, cancelling it if still running.</summary>
    public void Dispose() => _call.Dispose();
}
