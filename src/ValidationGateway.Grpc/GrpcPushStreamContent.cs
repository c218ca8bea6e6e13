using System.Net;
using System.Net.Http.Headers;

namespace ValidationGateway.Grpc;

/// <summary>A request body written message by message while the response is read (client streaming side).</summary>
/// <remarks>
/// <para>Writes from several tasks are coalesced: while one write is in HttpClient's hands, the frames that arrive
/// meanwhile queue, and the next write sends them together with one flush. HttpClient hands every write of a request
/// body to its connection's write loop and waits for it, two hand-offs between threads; one write per message, one
/// at a time, capped a busy stream at the rate of those round trips, and messages queued behind them.</para>
/// <para>A write completes once its frame has been flushed, or fails with the error of the write that carried it.
/// The queued frames go out under no caller's token (a caller's token only ends its own wait, and its frame may
/// still go out): a call that is cancelled or disposed aborts HttpClient's request, which ends a write in progress.
/// <see cref="CompleteAsync"/> refuses later writes and half-closes the request once the queued ones are out.</para>
/// </remarks>
internal sealed class GrpcPushStreamContent : HttpContent
{
    private readonly TaskCompletionSource<Stream> _stream = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private List<QueuedFrame> _queue = [];
    private bool _writing;
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
        var written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bool start;
        lock (_gate)
        {
            if (_completeRequested)
            {
                throw new InvalidOperationException("The request stream has already been completed.");
            }

            _queue.Add(new QueuedFrame(frame, written));
            start = !_writing;
            _writing = true;
        }

        if (start)
        {
            // Runs on this caller until HttpClient's first wait, then on its own; it never throws (the writes' tasks
            // carry the errors).
            _ = WriteQueuedAsync(stream);
        }

        await written.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Refuses later writes; the request body ends (END_STREAM) once the queued ones are out.</summary>
    public Task CompleteAsync()
    {
        lock (_gate)
        {
            _completeRequested = true;
            if (!_writing)
            {
                _completed.TrySetResult();
            }
        }

        return Task.CompletedTask;
    }

    private async Task WriteQueuedAsync(Stream stream)
    {
        while (true)
        {
            List<QueuedFrame> batch;
            lock (_gate)
            {
                if (_queue.Count == 0)
                {
                    _writing = false;
                    if (_completeRequested)
                    {
                        _completed.TrySetResult();
                    }

                    return;
                }

                batch = _queue;
                _queue = [];
            }

            try
            {
                await stream.WriteAsync(batch.Count == 1 ? batch[0].Frame : Concatenate(batch)).ConfigureAwait(false);
                await stream.FlushAsync().ConfigureAwait(false);
                foreach (var queued in batch)
                {
                    queued.Written.TrySetResult();
                }
            }
            catch (Exception exception)
            {
                foreach (var queued in batch)
                {
                    if (exception is OperationCanceledException canceled)
                    {
                        queued.Written.TrySetCanceled(canceled.CancellationToken);
                    }
                    else
                    {
                        queued.Written.TrySetException(exception);
                    }
                }
            }
        }
    }

    private static byte[] Concatenate(List<QueuedFrame> batch)
    {
        var length = 0;
        foreach (var queued in batch)
        {
            length += queued.Frame.Length;
        }

        var buffer = new byte[length];
        var offset = 0;
        foreach (var queued in batch)
        {
            queued.Frame.Span.CopyTo(buffer.AsSpan(offset));
            offset += queued.Frame.Length;
        }

        return buffer;
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

    private readonly record struct QueuedFrame(ReadOnlyMemory<byte> Frame, TaskCompletionSource Written);
}
