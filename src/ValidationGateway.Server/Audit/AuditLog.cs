using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using ValidationGateway.Core.Audit;
using ValidationGateway.Core.Threading;
using ValidationGateway.Storage;

namespace ValidationGateway.Server.Audit;

/// <summary>Writes answered requests to the store before their answers leave, many per transaction (group commit).</summary>
/// <remarks>
/// <para>Thread-safe. One writer thread drains the queue: it takes everything waiting (up to <see cref="AuditOptions.MaxBatch"/>),
/// writes it in one transaction and then releases every caller of the batch. Under load batches grow by themselves,
/// so a commit's fsync is shared by many requests; when idle each request commits alone. A failed write fails every
/// caller of that batch (their answers are not sent: the client sees UNAVAILABLE and may retry).</para>
/// <para>Between those two, at a steady moderate rate, nearly every record used to get a commit of its own: the writer
/// woke for it, and SQLite's fixed cost per transaction (its WAL locks and frame writes, ~11 system calls at 4,500
/// calls/s) came with every call. With <see cref="AuditOptions.CommitDelay"/> the writer, once records arrive often
/// enough for more to be expected within the delay, waits that long after taking the first ones, and one commit
/// carries them all (docs/performance.md, item 41).</para>
/// </remarks>
internal sealed partial class AuditLog : IAsyncDisposable
{
    /// <summary>A batch that already holds this many records is committed without waiting for more: the commit's
    /// fixed cost is shared enough.</summary>
    public const int GatherBelow = 8;

    private readonly IGatewayStore _store;
    private readonly AuditOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Action<TimeSpan>? _pause;
    private readonly Channel<Pending> _queue;
    private readonly Task _writer;
    private int _depth;
    private long _commits;
    private long _committed;

    public AuditLog(IGatewayStore store, AuditOptions options, ILogger logger, TimeProvider time)
        : this(store, options, logger, time, pause: null)
    {
    }

    /// <summary>With <paramref name="pause"/> (tests) in place of the writer thread's precise sleep for the commit delay.</summary>
    internal AuditLog(IGatewayStore store, AuditOptions options, ILogger logger, TimeProvider time, Action<TimeSpan>? pause)
    {
        _store = store;
        _options = options;
        _logger = logger;
        _time = time;
        _pause = pause;
        _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(options.MaxQueue) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        // Its own thread: the store write is synchronous I/O (SQLite) that would otherwise hold a thread-pool thread
        // for a whole commit, disk flush included, while requests wait for pool threads.
        _writer = Task.Factory.StartNew(WriteLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Records waiting to be written.</summary>
    public int QueueDepth => Volatile.Read(ref _depth);

    /// <summary>Transactions written since start (failed ones not counted).</summary>
    public long Commits => Volatile.Read(ref _commits);

    /// <summary>Records written since start, in those transactions: per commit, the group commit at work.</summary>
    public long RecordsCommitted => Volatile.Read(ref _committed);

    /// <summary>Writes <paramref name="record"/> durably; true when stored, false when its request id was already answered.</summary>
    public async Task<bool> AppendAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        var pending = new Pending(record, _time.GetTimestamp());
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
        var pace = new ArrivalPace(_time.TimestampFrequency);
        var pause = _options.CommitDelay <= TimeSpan.Zero ? null : _pause ?? CommitPause(_options.CommitDelay);
        while (WaitToRead())
        {
            Take(batch, records, pace);
            if (pause is not null && batch.Count < GatherBelow && batch.Count < _options.MaxBatch && pace.ExpectedWithin(_options.CommitDelay) >= 1)
            {
                pause(_options.CommitDelay);
                Take(batch, records, pace);
            }

            try
            {
                var stored = _store.AppendAuditAsync(records, _options.Durability, CancellationToken.None).GetAwaiter().GetResult();
                Interlocked.Increment(ref _commits);
                Interlocked.Add(ref _committed, batch.Count);
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

    /// <summary>The writer's wait for more records, or null for a delay under a millisecond on a platform whose sleeps
    /// round up to whole milliseconds (it would hold every answer twice as long or more).</summary>
    private static Action<TimeSpan>? CommitPause(TimeSpan delay)
    {
        var sleep = PreciseSleep.ForThisThread();
        return sleep.Precise || delay >= TimeSpan.FromMilliseconds(1) ? d => sleep.For(d.Ticks * 100) : null;
    }

    private void Take(List<Pending> batch, List<AuditRecord> records, ArrivalPace pace)
    {
        while (batch.Count < _options.MaxBatch && _queue.Reader.TryRead(out var pending))
        {
            pace.Observe(pending.QueuedAt);
            batch.Add(pending);
            records.Add(pending.Record);
        }
    }

    private bool WaitToRead()
    {
        var waiting = _queue.Reader.WaitToReadAsync();
        return waiting.IsCompletedSuccessfully ? waiting.Result : waiting.AsTask().GetAwaiter().GetResult();
    }

    [LoggerMessage(EventId = 3000, Level = LogLevel.Error, Message = "Writing {Count} audit records failed; their callers get UNAVAILABLE")]
    private static partial void LogWriteFailed(ILogger logger, int count, Exception exception);

    private sealed class Pending(AuditRecord record, long queuedAt)
    {
        public AuditRecord Record { get; } = record;

        /// <summary>When the caller queued it (<see cref="TimeProvider.GetTimestamp"/>): the writer's measure of the pace.</summary>
        public long QueuedAt { get; } = queuedAt;

        public TaskCompletionSource<bool> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
