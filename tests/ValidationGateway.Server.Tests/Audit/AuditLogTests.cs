using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Extensions.Logging.Abstractions;
using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Audit;
using ValidationGateway.Server.Audit;
using ValidationGateway.Storage;

namespace ValidationGateway.Server.Tests.Audit;

/// <summary>The audit log's group commit and its commit delay, against a store that records each commit's records.
/// The pace of arrivals comes from a clock the test moves; the writer's wait is a hook the test controls.</summary>
public sealed class AuditLogTests
{
    private static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(0.5);

    [Fact]
    public async Task CommitDelay_RecordsArriveOftenEnough_WaitsAndOneCommitCarriesThemAll()
    {
        var clock = new PaceClock();
        var store = CommitRecorder.Create();
        var late = new List<Task<bool>>();
        AuditLog log = null!;
        var pauses = 0;
        var joinOnPause = 0;
        log = new AuditLog(store, Options(Delay), NullLogger.Instance, clock, _ =>
        {
            pauses++;
            // More calls queue their records while the writer waits.
            for (; joinOnPause > 0; joinOnPause--)
            {
                late.Add(log.AppendAsync(Record($"late-{joinOnPause}"), CancellationToken.None));
            }
        });
        await using (log)
        {
            // A steady 10,000 records/s: five expected within the delay.
            await AppendSpacedAsync(log, clock, "warm", 60, TimeSpan.FromMilliseconds(0.1));
            Assert.True(pauses > 0, "the writer never waited at 10,000 records/s");

            joinOnPause = 3;
            clock.Advance(TimeSpan.FromMilliseconds(0.1));
            Assert.True(await log.AppendAsync(Record("first"), CancellationToken.None));
            Assert.All(await Task.WhenAll(late), Assert.True);
        }

        var commit = Recorder(store).Commits.Last();
        Assert.Equal(["first", "late-3", "late-2", "late-1"], commit);
    }

    [Fact]
    public async Task CommitDelay_CallsFarApart_EachCommitsAtOnce()
    {
        var clock = new PaceClock();
        var store = CommitRecorder.Create();
        var pauses = 0;
        await using (var log = new AuditLog(store, Options(Delay), NullLogger.Instance, clock, _ => pauses++))
        {
            // 100 records/s: none expected within half a millisecond, so a lone call is never held.
            await AppendSpacedAsync(log, clock, "lone", 30, TimeSpan.FromMilliseconds(10));
        }

        Assert.Equal(0, pauses);
        Assert.Equal(30, Recorder(store).Commits.Count);
    }

    [Fact]
    public async Task CommitDelay_BatchAlreadyLarge_CommitsWithoutWaiting()
    {
        var clock = new PaceClock();
        var store = CommitRecorder.Create();
        var recorder = Recorder(store);
        var pauses = 0;
        int pausesAtHold;
        await using (var log = new AuditLog(store, Options(Delay), NullLogger.Instance, clock, _ => Interlocked.Increment(ref pauses)))
        {
            // At 100,000 records/s the writer waits for more whenever a batch is small.
            await AppendSpacedAsync(log, clock, "warm", 60, TimeSpan.FromMilliseconds(0.01));

            // The next commit is held in the store while ten records queue behind it.
            var hold = new TaskCompletionSource();
            recorder.Hold = hold;
            clock.Advance(TimeSpan.FromMilliseconds(0.01));
            var first = log.AppendAsync(Record("held"), CancellationToken.None);
            var queued = new List<Task<bool>>();
            try
            {
                await recorder.Entered.Task;
                pausesAtHold = Volatile.Read(ref pauses);
                for (var i = 0; i < 10; i++)
                {
                    clock.Advance(TimeSpan.FromMilliseconds(0.01));
                    queued.Add(log.AppendAsync(Record($"q-{i}"), CancellationToken.None));
                }
            }
            finally
            {
                // Also when the test fails above: the writer must not stay held, or disposing the log waits for ever.
                hold.TrySetResult();
            }

            await first;
            await Task.WhenAll(queued);
        }

        Assert.True(pausesAtHold > 0, "the writer never waited at 100,000 records/s");
        Assert.Equal(pausesAtHold, pauses);
        Assert.Equal(10, recorder.Commits.Last().Length);
    }

    [Fact]
    public async Task CommitDelay_Zero_NeverWaits()
    {
        var clock = new PaceClock();
        var store = CommitRecorder.Create();
        var pauses = 0;
        await using (var log = new AuditLog(store, Options(TimeSpan.Zero), NullLogger.Instance, clock, _ => pauses++))
        {
            await AppendSpacedAsync(log, clock, "fast", 60, TimeSpan.FromMilliseconds(0.01));
        }

        Assert.Equal(0, pauses);
        Assert.Equal(60, Recorder(store).Commits.Sum(c => c.Length));
    }

    [Fact]
    public async Task Counters_AfterCommits_CountTransactionsAndRecords()
    {
        var clock = new PaceClock();
        var store = CommitRecorder.Create();
        await using var log = new AuditLog(store, Options(TimeSpan.Zero), NullLogger.Instance, clock, pause: null);
        await AppendSpacedAsync(log, clock, "c", 5, TimeSpan.FromMilliseconds(10));

        Assert.Equal(5, log.Commits);
        Assert.Equal(5, log.RecordsCommitted);
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(50.5)]
    public void Validate_CommitDelayOutOfRange_NamesTheSetting(double milliseconds)
    {
        var errors = Options(TimeSpan.FromMilliseconds(milliseconds)).Validate();

        Assert.Contains(errors, e => e.StartsWith("Audit:CommitDelay must be between 0 and 50 ms", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_DefaultCommitDelay_IsHalfAMillisecondAndValid()
    {
        var options = new AuditOptions();

        Assert.Equal(TimeSpan.FromMilliseconds(0.5), options.CommitDelay);
        Assert.Empty(options.Validate());
    }

    private static AuditOptions Options(TimeSpan delay) => new() { CommitDelay = delay, Durability = AuditDurability.ProcessCrash };

    private static AuditRecord Record(string id) =>
        new("H21010200123", id, DateTimeOffset.UnixEpoch, new DateOnly(2026, 12, 7), "2026.11-demo", Verdict.Pass, "", 1, [], []);

    /// <summary>One call after another, each awaited, the clock moved by <paramref name="gap"/> before each.</summary>
    private static async Task AppendSpacedAsync(AuditLog log, PaceClock clock, string prefix, int count, TimeSpan gap)
    {
        for (var i = 0; i < count; i++)
        {
            clock.Advance(gap);
            Assert.True(await log.AppendAsync(Record($"{prefix}-{i}"), CancellationToken.None));
        }
    }

    private static CommitRecorder Recorder(IGatewayStore store) => (CommitRecorder)(object)store;

    /// <summary>A clock whose timestamps only the test moves (the audit log reads the pace of arrivals from them).</summary>
    private sealed class PaceClock : TimeProvider
    {
        private long _ticks = TimeSpan.TicksPerHour;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }

    /// <summary>An <see cref="IGatewayStore"/> that only takes audit records: each commit's request ids, in order. Any
    /// other method is a test error.</summary>
    public class CommitRecorder : DispatchProxy
    {
        public ConcurrentQueue<string[]> Commits { get; } = new();

        /// <summary>When set, the next commit waits for it (after <see cref="Entered"/>).</summary>
        public TaskCompletionSource? Hold { get; set; }

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public static IGatewayStore Create() => Create<IGatewayStore, CommitRecorder>();

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod?.Name != nameof(IGatewayStore.AppendAuditAsync))
            {
                throw new NotSupportedException($"{targetMethod?.Name} is not expected of the audit log's store");
            }

            if (Hold is { } hold)
            {
                Hold = null;
                Entered.SetResult();
                hold.Task.GetAwaiter().GetResult();
            }

            var records = (IReadOnlyList<AuditRecord>)args![0]!;
            Commits.Enqueue(records.Select(r => r.RequestId).ToArray());
            return Task.FromResult<IReadOnlyList<bool>>(records.Select(_ => true).ToArray());
        }
    }
}
