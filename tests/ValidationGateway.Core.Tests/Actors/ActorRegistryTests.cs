using ValidationGateway.Core.Actors;
using ValidationGateway.Core.Tests.Support;

namespace ValidationGateway.Core.Tests.Actors;

public class ActorRegistryTests
{
    private sealed class CounterActor : Actor
    {
        public int Value { get; set; }

        public int Deactivations { get; private set; }

        protected internal override void OnDeactivate() => Deactivations++;
    }

    private static readonly ActorRegistryOptions ManualCollection = new() { IdleTimeout = TimeSpan.FromMinutes(10), CollectionInterval = TimeSpan.Zero };

    [Fact]
    public async Task GetAsync_ManyConcurrentCallers_ActivateExactlyOnce()
    {
        var factoryCalls = 0;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var registry = new ActorRegistry<string, CounterActor>(async (key, ct) =>
        {
            Interlocked.Increment(ref factoryCalls);
            await gate.Task; // hold the activation open until every caller has arrived
            return new CounterActor();
        }, ManualCollection, new FakeTimeProvider());

        using var start = new Barrier(16);
        var callers = Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            start.SignalAndWait();
            return await registry.GetAsync("H1@v1", CancellationToken.None);
        })).ToArray();

        // All callers are waiting on the one activation before it completes.
        while (Volatile.Read(ref factoryCalls) == 0)
        {
            await Task.Yield();
        }

        gate.SetResult();
        var actors = await Task.WhenAll(callers);
        Assert.Equal(1, factoryCalls);
        Assert.All(actors, a => Assert.Same(actors[0], a));
        Assert.Equal(1, registry.ActivationCount);
        Assert.Equal(1, registry.ActiveCount);
    }

    [Fact]
    public async Task GetAsync_DifferentKeys_GetDifferentActors()
    {
        await using var registry = new ActorRegistry<string, CounterActor>((_, _) => Task.FromResult(new CounterActor()), ManualCollection, new FakeTimeProvider());
        var a = await registry.GetAsync("H1@v1", CancellationToken.None);
        var b = await registry.GetAsync("H1@v2", CancellationToken.None);
        Assert.NotSame(a, b);
        Assert.Same(a, await registry.GetAsync("H1@v1", CancellationToken.None));
    }

    [Fact]
    public async Task GetAsync_FailedActivation_IsRetriedByTheNextCall()
    {
        var attempts = 0;
        await using var registry = new ActorRegistry<string, CounterActor>((_, _) =>
        {
            return Interlocked.Increment(ref attempts) == 1
                ? Task.FromException<CounterActor>(new InvalidOperationException("store down"))
                : Task.FromResult(new CounterActor());
        }, ManualCollection, new FakeTimeProvider());

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(async () => await registry.GetAsync("k", CancellationToken.None));
        Assert.Equal("store down", ex.Message);
        Assert.Equal(0, registry.ActiveCount);

        var actor = await registry.GetAsync("k", CancellationToken.None);
        Assert.NotNull(actor);
        Assert.Equal(2, attempts);
    }

    [Fact]
    public async Task GetAsync_ConcurrentCallersOfAFailedActivation_AllSeeTheFailure_ThenOneRetrySucceeds()
    {
        var attempts = 0;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var registry = new ActorRegistry<string, CounterActor>(async (_, _) =>
        {
            if (Interlocked.Increment(ref attempts) == 1)
            {
                await gate.Task;
                throw new InvalidOperationException("first activation fails");
            }

            return new CounterActor();
        }, ManualCollection, new FakeTimeProvider());

        var callers = Enumerable.Range(0, 8).Select(_ => registry.GetAsync("k", CancellationToken.None).AsTask()).ToArray();
        gate.SetResult();
        foreach (var c in callers)
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => c);
        }

        Assert.Equal(1, attempts);
        await registry.GetAsync("k", CancellationToken.None);
        Assert.Equal(2, attempts);
    }

    // Found by the fuzz suite (VGW_FUZZ_STRICT_TASKS=1): a call whose deadline passed during an activation that then
    // failed (unknown institution or catalog version) left the activation's exception unobserved.
    [Fact]
    public async Task GetAsync_CallerGivesUpBeforeTheActivationFails_FailureIsNotLeftUnobserved()
    {
        var message = "activation fails after its caller left " + Guid.NewGuid().ToString("N");
        var unobserved = 0;
        void OnUnobserved(object? sender, UnobservedTaskExceptionEventArgs e)
        {
            if (e.Exception.InnerExceptions.Any(x => x.Message == message))
            {
                Interlocked.Increment(ref unobserved);
            }
        }

        TaskScheduler.UnobservedTaskException += OnUnobserved;
        try
        {
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var fail = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using var registry = new ActorRegistry<string, CounterActor>(async (_, _) =>
            {
                started.SetResult();
                await fail.Task;
                throw new InvalidOperationException(message);
            }, ManualCollection, new FakeTimeProvider());

            using (var leave = new CancellationTokenSource())
            {
                var caller = registry.GetAsync("k", leave.Token).AsTask();
                await started.Task;
                await leave.CancelAsync();
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => caller);
            }

            fail.SetResult();
            while (registry.ActiveCount > 0)
            {
                await Task.Yield();
            }

            // The failed task becomes garbage once its activation has ended; collect until its finalizer would have run.
            for (var i = 0; i < 20 && Volatile.Read(ref unobserved) == 0; i++)
            {
                await Task.Yield();
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= OnUnobserved;
        }

        Assert.Equal(0, unobserved);
    }

    [Fact]
    public async Task PostAsync_ConcurrentWriters_RunOneAtATimeInOrderOfArrival()
    {
        await using var registry = new ActorRegistry<string, CounterActor>((_, _) => Task.FromResult(new CounterActor()), ManualCollection, new FakeTimeProvider());
        var actor = await registry.GetAsync("k", CancellationToken.None);
        var inside = 0;
        var overlaps = 0;

        // Unsynchronised read-modify-write: only a single-writer mailbox keeps every increment.
        var writers = Enumerable.Range(0, 64).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 200; i++)
            {
                await actor.PostAsync(() =>
                {
                    if (Interlocked.Increment(ref inside) != 1)
                    {
                        Interlocked.Increment(ref overlaps);
                    }

                    var v = actor.Value;
                    Thread.SpinWait(10);
                    actor.Value = v + 1;
                    Interlocked.Decrement(ref inside);
                    return 0;
                });
            }
        })).ToArray();
        await Task.WhenAll(writers);

        Assert.Equal(64 * 200, actor.Value);
        Assert.Equal(0, overlaps);
    }

    [Fact]
    public async Task PostAsync_OrderOfOneSender_IsKept()
    {
        var actor = new CounterActor();
        var seen = new List<int>();
        var tasks = Enumerable.Range(0, 1000).Select(i => actor.PostAsync(() => { seen.Add(i); return i; })).ToArray();
        await Task.WhenAll(tasks);
        Assert.Equal(Enumerable.Range(0, 1000), seen);
    }

    [Fact]
    public async Task PostAsync_WorkThatThrows_FaultsOnlyItsOwnTask()
    {
        var actor = new CounterActor();
        var bad = actor.PostAsync<int>(() => throw new InvalidOperationException("bad work"));
        var good = actor.PostAsync(() => 42);
        await Assert.ThrowsAsync<InvalidOperationException>(() => bad);
        Assert.Equal(42, await good);
    }

    [Fact]
    public async Task DeactivateIdleAsync_IdleActor_IsDeactivatedAndNextCallActivatesAFreshOne()
    {
        var time = new FakeTimeProvider();
        await using var registry = new ActorRegistry<string, CounterActor>((_, _) => Task.FromResult(new CounterActor()), ManualCollection, time);
        var first = await registry.GetAsync("k", CancellationToken.None);

        time.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(0, await registry.DeactivateIdleAsync());
        Assert.False(first.IsDeactivated);

        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await registry.DeactivateIdleAsync());
        Assert.True(first.IsDeactivated);
        Assert.Equal(1, first.Deactivations);
        Assert.Equal(0, registry.ActiveCount);

        await Assert.ThrowsAsync<ActorDeactivatedException>(() => first.PostAsync(() => 1));
        var second = await registry.GetAsync("k", CancellationToken.None);
        Assert.NotSame(first, second);
        Assert.Equal(2, registry.ActivationCount);
    }

    [Fact]
    public async Task DeactivateIdleAsync_RecentlyUsedActor_StaysActive()
    {
        var time = new FakeTimeProvider();
        await using var registry = new ActorRegistry<string, CounterActor>((_, _) => Task.FromResult(new CounterActor()), ManualCollection, time);
        await registry.GetAsync("busy", CancellationToken.None);
        await registry.GetAsync("idle", CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(8));
        await registry.GetAsync("busy", CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(3));

        Assert.Equal(1, await registry.DeactivateIdleAsync());
        Assert.Equal(["busy"], registry.ActiveKeys());
    }

    [Fact]
    public async Task CollectionTimer_FiresOnFakeTime_DeactivatesIdleActors()
    {
        var time = new FakeTimeProvider();
        var options = new ActorRegistryOptions { IdleTimeout = TimeSpan.FromMinutes(5), CollectionInterval = TimeSpan.FromMinutes(1) };
        var deactivated = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var registry = new ActorRegistry<string, NotifyingActor>((_, _) => Task.FromResult(new NotifyingActor(deactivated)), options, time);
        await registry.GetAsync("k", CancellationToken.None);

        time.Advance(TimeSpan.FromMinutes(6));
        await deactivated.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, registry.DeactivationCount);
    }

    [Fact]
    public async Task InvokeAsync_ActorDeactivatedMeanwhile_RetriesOnFreshActivation()
    {
        var time = new FakeTimeProvider();
        await using var registry = new ActorRegistry<string, CounterActor>((_, _) => Task.FromResult(new CounterActor()), ManualCollection, time);
        var first = await registry.InvokeAsync("k", a => { a.Value = 5; return a; }, CancellationToken.None);
        await registry.DeactivateAsync("k");

        var second = await registry.InvokeAsync("k", a => { a.Value++; return a; }, CancellationToken.None);
        Assert.NotSame(first, second);
        Assert.Equal(1, second.Value);
    }

    private sealed class NotifyingActor(TaskCompletionSource done) : Actor
    {
        protected internal override void OnDeactivate() => done.TrySetResult();
    }
}
