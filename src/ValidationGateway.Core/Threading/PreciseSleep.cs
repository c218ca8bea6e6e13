using System.Runtime.InteropServices;

namespace ValidationGateway.Core.Threading;

/// <summary>
/// A sleep of a dedicated thread to the microsecond. On Linux the thread's timer slack is lowered and the sleep is
/// <c>clock_nanosleep</c>. Elsewhere, and where libc is not found, <see cref="Precise"/> is false and a sleep rounds up
/// to whole milliseconds (<see cref="Thread.Sleep(int)"/>: ~1.1 ms on Linux for one millisecond, up to ~15 ms on Windows).
/// </summary>
/// <remarks>
/// .NET's own timed waits (<see cref="Thread.Sleep(TimeSpan)"/>, <see cref="Task.Delay(TimeSpan)"/>, timed event waits)
/// all work in whole milliseconds. Users: the load tool's open-loop dispatcher, which sleeps until its next arrival
/// (at 4,200 arrivals/s, one every ~0.24 ms, the millisecond sleep sent them in bursts and added ~0.6 ms of the tool's
/// own lag to every latency), and the audit writer's commit delay (<c>Audit:CommitDelay</c>, half a millisecond).
/// One instance per thread: <see cref="ForThisThread"/> sets the calling thread's timer slack.
/// </remarks>
public sealed class PreciseSleep
{
    // The kernel may defer a sleeping thread's wake-up by its timer slack (50 µs by default) to merge wake-ups;
    // 5 µs keeps the wake-up within a few microseconds of the deadline.
    private const ulong TimerSlackNanoseconds = 5_000;

    // No single sleep is longer than this, so a caller that loops on its own deadline notices a stop within it.
    private const long MaxSleepNanoseconds = 50_000_000;

    private PreciseSleep(bool precise) => Precise = precise;

    /// <summary>True when sleeps are exact to the microsecond (Linux with glibc or musl); false when they round up to
    /// whole milliseconds.</summary>
    public bool Precise { get; }

    /// <summary>Prepares the calling thread (its timer slack, on Linux) and returns the sleep to use on it.</summary>
    public static PreciseSleep ForThisThread()
    {
        if (!OperatingSystem.IsLinux())
        {
            return new PreciseSleep(precise: false);
        }

        try
        {
            // Per thread: PR_SET_TIMERSLACK changes only the calling thread's slack.
            _ = NativeMethods.prctl(NativeMethods.PR_SET_TIMERSLACK, (nuint)TimerSlackNanoseconds, 0, 0, 0);
            return new PreciseSleep(precise: true);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return new PreciseSleep(precise: false);
        }
    }

    /// <summary>Sleeps about <paramref name="nanoseconds"/> (at most 50 ms); returns at once for zero or less. May
    /// return early when a signal interrupts the sleep: a caller that needs the whole time reads its clock again.</summary>
    public void For(long nanoseconds)
    {
        if (nanoseconds <= 0)
        {
            return;
        }

        nanoseconds = Math.Min(nanoseconds, MaxSleepNanoseconds);
        if (!Precise)
        {
            Thread.Sleep(TimeSpan.FromMilliseconds(Math.Max(1, nanoseconds / 1_000_000)));
            return;
        }

        var request = new NativeMethods.Timespec { Seconds = (nint)(nanoseconds / 1_000_000_000), Nanoseconds = (nint)(nanoseconds % 1_000_000_000) };
        // Returns an error number (EINTR when a signal arrived), never sets errno; either way the caller re-checks.
        _ = NativeMethods.clock_nanosleep(NativeMethods.CLOCK_MONOTONIC, 0, in request, IntPtr.Zero);
    }

    private static class NativeMethods
    {
        internal const int PR_SET_TIMERSLACK = 29;
        internal const int CLOCK_MONOTONIC = 1;

        [StructLayout(LayoutKind.Sequential)]
        internal struct Timespec
        {
            public nint Seconds;
            public nint Nanoseconds;
        }

        [DllImport("libc")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern int prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

        [DllImport("libc")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern int clock_nanosleep(int clockId, int flags, in Timespec request, IntPtr remain);
    }
}
