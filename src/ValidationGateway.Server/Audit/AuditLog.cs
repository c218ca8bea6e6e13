using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using ValidationGateway.Core.Audit;
using ValidationGateway.Storage;

namespace ValidationGateway.Server.Audit;

/// <summary>Writes answered requests to the store before their answers leave, many per transaction (group commit).</summary>
/// <remarks>
/// Thread-safe. One writer thread drains the queue: it takes everything waiting (up to <see cref="AuditOptions.MaxBatch"/>),
/// writes it in one transaction and then releases every caller of the batch. Under load batches grow by themselves,
/// so a commit's fsync is shared by many requests; when idle each request commits alone. A failed write fails every
/// caller of that batch (their answers are not sent: the client sees UNAVAILABLE and may retry).
/// </remarks>
internal sealed partial class AuditLog : IAsyncDisposable
{
    private readonly IGatewayStore _store;
    private readonly AuditOptions _options;
    private readonly ILogger _logger;
    private readonly Channel<Pending> _queue;
    private readonly Task _writer;
    private int _depth;

    public AuditLog(IGatewayStore store, AuditOptions options, ILogger logger)
    {
        _store = store;
        _options = options;
        _logger = logger;
        _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(options.MaxQueue) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        // Its own thread: the store write is synchronous I/O (SQLite) that would otherwise hold a thread-pool thread
        // for a whole commit, disk flush included, while requests wait for pool threads.
        _writer = Task.Factory.StartNew(WriteLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Records waiting to be written.</summary>
    public int QueueDepth => Volatile.Read(ref _depth);

    /// <summary>Writes <paramref name="record"/> durably; true when stored, false when its request id was already answered.</summary>
    public async Task<bool> AppendAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        var pending = new Pending(record);
        Interlocked.Increment(ref _depth);
        try
        {
            await _queue.Writer.WriteAsync(pending, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Interlocked.Decrement(ref _depth);
            throw;
        }

        // Once queued the record is written even if this caller gives up: the answer may still have reached the client.
        return await pending.Completion.Task.ConfigureAwait(false);
    }

    /// <summary>Stops taking records and waits until every queued one is written.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    private void WriteLoop()
    {
        Thread.CurrentThread.Name = "audit-writer";
        var batch = new List<Pending>(_options.MaxBatch);
        var records = new List<AuditRecord>(_options.MaxBatch);
        while (WaitToRead())
        {
            while (batch.Count < _options.MaxBatch && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
                records.Add(pending.Record);
            }

            try
            {
                var stored = _store.AppendAuditAsync(records, _options.Durability, CancellationToken.None).GetAwaiter().GetResult();
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Completion.TrySetResult(stored[i]);
                }
            }
#pragma warning disable CA1031 // The writer must outlive a failed batch; its callers get the exception.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogWriteFailed(_logger, batch.Count, ex);
                foreach (var pending in batch)
                {
                    pending.Completion.TrySetException(ex);
                }
            }

            Interlocked.Add(ref _depth, -batch.Count);
            batch.Clear();
            records.Clear();
        }
    }

    private bool WaitToRead()
    {
        var waiting = _queue.Reader.WaitToReadAsync();
        return waiting.IsCompletedSuccessfully ? waiting.Result : waiting.AsTask().GetAwaiter().GetResult();
    }

    [LoggerMessage(EventId = 3000, Level = LogLevel.Error, Message = "Writing {Count} audit records failed; their callers get UNAVAILABLE")]
    private static partial void LogWriteFailed(ILogger logger, int count, Exception exception);

    private sealed class Pending(AuditRecord record)
    {
        public AuditRecord Record { get; } = record;

        public TaskCompletionSource<bool> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
