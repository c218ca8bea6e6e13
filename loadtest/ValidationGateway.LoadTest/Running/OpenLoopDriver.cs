using ValidationGateway.Core.Threading;
using ValidationGateway.LoadTest.Metrics;
using ValidationGateway.LoadTest.Schedules;
using ValidationGateway.LoadTest.Traffic;

namespace ValidationGateway.LoadTest.Running;

/// <summary>
/// Open loop: calls start at the schedule's arrival times whether or not earlier calls have finished, up to
/// <c>--max-in-flight</c> outstanding. When the sender falls behind (in-flight cap, slow generation, a late wake-up)
/// the calls still count from their intended start, and the lag is reported separately.
/// </summary>
internal static class OpenLoopDriver
{
    public static async Task RunAsync(
        CallRunner runner,
        TrafficModel model,
        IArrivalSchedule schedule,
        long maxRequests,
        int maxInFlight,
        int seed,
        bool spin,
        TimeSpan pacing,
        TimeSpan drain,
        CancellationToken stop)
    {
        var clock = runner.Clock;
        var frequency = clock.TimestampFrequency;
        var pacer = new OpenLoopPacer(new ArrivalTimeline(schedule), clock.GetTimestamp(), frequency, maxRequests);
        using var slots = new SemaphoreSlim(maxInFlight);
        using var calls = new CancellationTokenSource();
        var outstanding = 0L;
        var generator = new TrafficGenerator(model, seed);
        var pacingNs = (long)(pacing.TotalMilliseconds * 1_000_000);

        // A dedicated thread: it sleeps between arrivals and must not wait behind thread-pool work.
        var dispatcher = Task.Factory.StartNew(() =>
        {
            var due = new List<long>(256);
            var sleep = PreciseSleep.ForThisThread();
            while (!stop.IsCancellationRequested)
            {
                due.Clear();
                var more = pacer.TakeDue(clock.GetTimestamp(), due);
                foreach (var intended in due)
                {
                    slots.Wait(stop);
                    var batch = generator.Next();
                    runner.Metrics.OnDispatched(LatencyMath.Nanoseconds(intended, clock.GetTimestamp(), frequency));
                    Interlocked.Increment(ref outstanding);
                    // With HttpClient the call's synchronous part (framing, its send path) runs on the pool, so the
                    // dispatcher only generates batches and keeps time.
                    if (runner.StartsCheaply)
                    {
                        // The tool's own client: queueing the call's frames is cheaper than a hand-off to the pool
                        // (measured: 52-54% of the tool's core at 7,000/s against 60-61%, docs/performance.md item 43).
                        _ = Complete(runner.RunAsync(batch, intended, calls.Token));
                    }
                    else
                    {
                        _ = Task.Run(() => Complete(runner.RunAsync(batch, intended, calls.Token)), CancellationToken.None);
                    }
                }

                if (!more || pacer.NextTimestamp is not { } next)
                {
                    break;
                }

                var waitNs = LatencyMath.Nanoseconds(clock.GetTimestamp(), next, frequency);
                if (waitNs <= 0)
                {
                    // Due while the sender dispatched: send it now.
                    continue;
                }

                if (spin && waitNs < 1_500_000)
                {
                    Thread.SpinWait(50);
                }
                else
                {
                    // Never less than the pacing step: arrivals closer together than that go out together.
                    sleep.For(Math.Max(waitNs, pacingNs));
                }
            }
        }, stop, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        try
        {
            await dispatcher.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Ctrl+C: stop sending, still drain.
        }

        await Drain.WaitAsync(() => Interlocked.Read(ref outstanding), drain, calls).ConfigureAwait(false);

        async Task Complete(Task call)
        {
            try
            {
                await call.ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref outstanding);
                slots.Release();
            }
        }
    }
}
