namespace ValidationGateway.LoadTest.Running;

/// <summary>Waits for calls still in flight when sending stopped, then cancels the rest.</summary>
internal static class Drain
{
    public static async Task WaitAsync(Func<long> outstanding, TimeSpan limit, CancellationTokenSource calls)
    {
        ArgumentNullException.ThrowIfNull(outstanding);
        ArgumentNullException.ThrowIfNull(calls);
        var until = DateTime.UtcNow + limit;
        while (outstanding() > 0 && DateTime.UtcNow < until)
        {
            await Task.Delay(10).ConfigureAwait(false);
        }

        if (outstanding() > 0)
        {
            await calls.CancelAsync().ConfigureAwait(false);
            var grace = DateTime.UtcNow + TimeSpan.FromSeconds(2);
            while (outstanding() > 0 && DateTime.UtcNow < grace)
            {
                await Task.Delay(10).ConfigureAwait(false);
            }
        }
    }
}
