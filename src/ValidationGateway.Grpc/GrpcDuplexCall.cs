using System.Runtime.CompilerServices;
using Google.Protobuf;

namespace ValidationGateway.Grpc;

/// <summary>A bidirectional streaming call in progress.</summary>
/// <remarks>
/// <see cref="WriteAsync"/> may be called from several tasks at once (writes are serialized); reading is single-reader.
/// Disposing the call cancels it if it has not ended.
/// </remarks>
public sealed class GrpcDuplexCall<TRequest, TResponse> : IDisposable
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private readonly GrpcClientCall _call;
    private readonly GrpcPushStreamContent _content;
    private readonly MessageParser<TResponse> _parser;
    private readonly bool _compress;

    internal GrpcDuplexCall(GrpcClientCall call, GrpcPushStreamContent content, MessageParser<TResponse> parser, bool compress)
    {
        _call = call;
        _content = content;
        _parser = parser;
        _compress = compress;
    }

    /// <summary>Sends one request message.</summary>
    /// <exception cref="GrpcStatusException">The call has failed.</exception>
    public async Task WriteAsync(TRequest message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var frame = GrpcMessageWriter.Frame(message, _compress);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(_call.CallToken, cancellationToken);
        try
        {
            if (!_content.StreamTask.IsCompleted)
            {
                await Task.WhenAny(_content.StreamTask, _call.ResponseTask).WaitAsync(linked.Token).ConfigureAwait(false);
                if (!_content.StreamTask.IsCompleted)
                {
                    // The answer came before the request body opened: surface its status (or failure).
                    await ReadAsync(linked.Token).ConfigureAwait(false);
                    throw new GrpcStatusException(GrpcStatusCode.Internal, "The call ended before the request stream opened.");
                }
            }

            await _content.WriteAsync(frame, linked.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (_call.Translate(exception, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }

    /// <summary>Half-closes the call: no more requests will be sent.</summary>
    public Task CompleteAsync() => _content.CompleteAsync();

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
    public void Dispose()
    {
        _call.Dispose();
        _content.Dispose();
    }
}
