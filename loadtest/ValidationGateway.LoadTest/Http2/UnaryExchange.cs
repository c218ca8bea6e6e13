using ValidationGateway.Grpc;

namespace ValidationGateway.LoadTest.Http2;

/// <summary>A unary call: one response message, and the moment the call's end arrived.</summary>
/// <remarks>The caller continues on the connection's reader thread, as in an event loop: a hand-off to the pool per
/// call cost more CPU than the call's own work in the tool (docs/performance.md, item 43). What continues there must not
/// block; the tool's drivers and targets only await.</remarks>
internal sealed class UnaryExchange(TimeProvider clock) : Http2Exchange
{
    private readonly TaskCompletionSource<(byte[] Message, long ReceivedAt)> _result = new();
    private byte[]? _message;
    private bool _more;

    /// <summary>The response message and the <see cref="TimeProvider"/> timestamp of the trailers that ended it; a
    /// non-OK status is a <see cref="GrpcStatusException"/>.</summary>
    public Task<(byte[] Message, long ReceivedAt)> Result => _result.Task;

    protected override void OnMessage(ReadOnlySpan<byte> message)
    {
        if (_message is null)
        {
            _message = message.ToArray();
        }
        else
        {
            _more = true;
        }
    }

    protected override void OnFinished(Exception? error)
    {
        var receivedAt = clock.GetTimestamp();
        if (error is not null)
        {
            _result.TrySetException(error);
        }
        else if (_message is null)
        {
            _result.TrySetException(new GrpcStatusException(GrpcStatusCode.Internal, "The server answered OK without a response message."));
        }
        else if (_more)
        {
            _result.TrySetException(new GrpcStatusException(GrpcStatusCode.Internal, "The server sent more than one response message to a unary call."));
        }
        else
        {
            _result.TrySetResult((_message, receivedAt));
        }
    }
}
