using ValidationGateway.Core.Threading;

namespace ValidationGateway.Core.Tests.Threading;

public class PreciseSleepTests
{
    [Fact]
    public void ForThisThread_OnLinux_SleepsToTheMicrosecond()
    {
        // On Linux the load tool's dispatcher and the audit writer's commit delay must get the precise sleep (libc's
        // prctl and clock_nanosleep found): the fallback wakes on whole milliseconds, which added ~0.6 ms of the tool's
        // own lag to every latency at 4,000/s and would turn a half-millisecond commit delay into more than one.
        var sleep = PreciseSleep.ForThisThread();
        Assert.Equal(OperatingSystem.IsLinux(), sleep.Precise);
    }

    [Fact]
    public void For_SleepsAtLeastTheTimeAsked()
    {
        // Sleeping is never shorter than asked (the load tool's pacer would only find nothing due yet and sleep again,
        // but a sleep that returned at once would spin its core). clock_nanosleep may return early on a signal; a
        // hundred sleeps of 200 µs make that one short sleep among many, so the sum still holds.
        var sleep = PreciseSleep.ForThisThread();
        var started = TimeProvider.System.GetTimestamp();
        for (var i = 0; i < 100; i++)
        {
            sleep.For(200_000);
        }

        Assert.True(TimeProvider.System.GetElapsedTime(started) >= TimeSpan.FromMilliseconds(100 * 0.2 * 0.9));
    }
}
