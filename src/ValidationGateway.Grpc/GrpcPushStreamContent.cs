using System.Net;
using System.Net.Http.Headers;

namespace ValidationGateway.Grpc;

/// <summary>A request body written message by message while the response is read (client streaming side).</summary>
/// <remarks>Writes from several tasks are serialized; <see cref="CompleteAsync"/> half-closes the request.</remarks>
internal sealed class GrpcPushStreamContent : HttpContent
{
    private readonly TaskCompletionSource<Stream> _stream = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _completeRequested;

    public GrpcPushStreamContent()
    {
        Headers.ContentType = new MediaTypeHeaderValue(GrpcProtocol.ContentType);
    }

    /// <summary>Completes once HttpClient has opened the request body.</summary>
    public Task<Stream> StreamTask => _stream.Task;

    public async Task WriteAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        var stream = await _stream.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_completeRequested)
            {
                throw new InvalidOperationException("The request stream has already been completed.");
            }

            await stream.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Waits for a write in progress, then ends the request body (END_STREAM).</summary>
    public async Task CompleteAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        _completeRequested = true;
        _gate.Release();
        _completed.TrySetResult();
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        // HttpClient may hold a duplex request's HEADERS frame back until something else flushes the connection
        // (dotnet/runtime#96223, workaround from #30295): flushed now, a server that writes before it reads hears of the
        // call at once instead of when the client's first message goes out.
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        _stream.TrySetResult(stream);
        await _completed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _completed.TrySetResult();
            _stream.TrySetCanceled();
        }

        base.Dispose(disposing);
    }
}
