using ValidationGateway.LoadTest.Traffic;

namespace ValidationGateway.LoadTest.Running;

/// <summary>Closed loop: N workers, each sending its next batch as soon as the previous answer arrives (maximum throughput; latency from the actual start).</summary>
internal static class ClosedLoopDriver
{
    public static async Task RunAsync(
        CallRunner runner,
        TrafficModel model,
        int concurrency,
        TimeSpan duration,
        long maxRequests,
        int seed,
        TimeSpan drain,
        CancellationToken stop)
    {
        var clock = runner.Clock;
        var end = clock.GetTimestamp() + (long)(duration.TotalSeconds * clock.TimestampFrequency);
        var issued = 0L;
        var outstanding = 0L;
        using var calls = new CancellationTokenSource();
        var workers = new Task[concurrency];
        for (var w = 0; w < concurrency; w++)
        {
            var generator = new TrafficGenerator(model, seed + w);
            workers[w] = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested && clock.GetTimestamp() < end && Interlocked.Increment(ref issued) <= maxRequests)
                {
                    var batch = generator.Next();
                    Interlocked.Increment(ref outstanding);
                    try
                    {
                        await runner.RunAsync(batch, clock.GetTimestamp(), calls.Token).ConfigureAwait(false);
                    }
                    finally
                    {
                        Interlocked.Decrement(ref outstanding);
                    }
                }
            }, CancellationToken.None);
        }

        var all = Task.WhenAll(workers);
        while (!all.IsCompleted && clock.GetTimestamp() < end && !stop.IsCancellationRequested)
        {
            await Task.WhenAny(all, Task.Delay(50, CancellationToken.None)).ConfigureAwait(false);
        }

        await Drain.WaitAsync(() => all.IsCompleted ? 0 : Interlocked.Read(ref outstanding), drain, calls).ConfigureAwait(false);
        await all.ConfigureAwait(false);
    }
}
