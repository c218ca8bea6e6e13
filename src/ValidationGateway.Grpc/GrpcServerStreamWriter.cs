using System.Buffers;
using Google.Protobuf;

namespace ValidationGateway.Grpc;

/// <summary>Writes response messages of a streaming call; messages written while a flush is in progress go out together with the next one.</summary>
/// <remarks>
/// A flush of a response waits for Kestrel's connection to take the data, a hand-off to another thread. Flushing one
/// message at a time queued a busy stream behind those round trips (docs/performance.md, item 39). So the first write
/// goes into the response and starts a flush; writes that arrive meanwhile are encoded into a buffer of whole frames,
/// which is written and flushed once that flush is done. A write completes once its frame is flushed and fails with
/// the error of the flush that carried it; a message over the send limit fails only its own write (nothing of it is
/// written). A caller's token only ends its own wait: the frame is already queued and still goes out. The call's token
/// (client abort, deadline) cuts a waiting flush short, see <see cref="GrpcServerCallContext.FlushAsync"/>.
/// </remarks>
internal sealed class GrpcServerStreamWriter<T> : IGrpcStreamWriter<T>
    where T : class, IMessage<T>
{
    /// <summary>A buffer that grew past this (a burst of large answers) is dropped once written, not kept for the call.</summary>
    private const int RetainedBufferBytes = 256 * 1024;

    private readonly GrpcServerCallContext _context;
    private readonly Lock _lock = new();
    private ArrayBufferWriter<byte>? _queued;
    private TaskCompletionSource? _queuedFlushed;
    private TaskCompletionSource? _idle;
    private bool _flushing;
    private bool _completed;

    public GrpcServerStreamWriter(GrpcServerCallContext context)
    {
        _context = context;
    }

    public Task WriteAsync(T message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        TaskCompletionSource flushed;
        bool startFlush;
        try
        {
            flushed = Enqueue(message, out startFlush);
        }
#pragma warning disable CA1031 // Reported through the task, like the flush's errors.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return Task.FromException(exception);
        }

        if (startFlush)
        {
            _ = FlushLoopAsync(flushed);
        }

        return cancellationToken.CanBeCanceled ? flushed.Task.WaitAsync(cancellationToken) : flushed.Task;
    }

    /// <summary>Waits until every queued frame is flushed (or failed) and refuses later writes, so that no frame follows the trailers.</summary>
    public Task CompleteAsync()
    {
        lock (_lock)
        {
            _completed = true;
            return _flushing ? _idle!.Task : Task.CompletedTask;
        }
    }

    /// <summary>Writes the frame into the response when no flush is running (the caller then starts one), else queues it.</summary>
    private TaskCompletionSource Enqueue(T message, out bool startFlush)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_completed, this);
            if (_flushing)
            {
                _context.EncodeMessage(_queued ??= new ArrayBufferWriter<byte>(), message);
                startFlush = false;
                return _queuedFlushed ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            _context.WriteMessage(message);
            _flushing = true;
            _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            startFlush = true;
            return new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>Flushes what is in the response, then what was queued meanwhile, until nothing is left; never throws.</summary>
    private async Task FlushLoopAsync(TaskCompletionSource flushed)
    {
        while (true)
        {
            try
            {
                await _context.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                flushed.TrySetResult();
            }
#pragma warning disable CA1031 // The flush's error belongs to the writes it carried; the loop goes on with the next frames.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                flushed.TrySetException(exception);
            }

            lock (_lock)
            {
                if (_queued is not { WrittenCount: > 0 } queued)
                {
                    _flushing = false;
                    _idle!.TrySetResult();
                    return;
                }

                flushed = _queuedFlushed!;
                _queuedFlushed = null;
                try
                {
                    _context.WriteFrames(queued.WrittenSpan);
                }
#pragma warning disable CA1031 // The response is closed: the queued writes fail with that; the next flush reports it too.
                catch (Exception exception)
#pragma warning restore CA1031
                {
                    flushed.TrySetException(exception);
                }

                queued.ResetWrittenCount();
                if (queued.Capacity > RetainedBufferBytes)
                {
                    _queued = null;
                }
            }
        }
    }
}
