using System.Runtime.InteropServices;

namespace ValidationGateway.LoadTest.Running;

/// <summary>
/// The open-loop dispatcher's sleep until its next arrival. On Linux it sleeps to the microsecond: the thread's timer
/// slack is lowered and the sleep is <c>clock_nanosleep</c>. Elsewhere, and where libc is not found, it falls back to
/// <see cref="Thread.Sleep(int)"/>, which wakes on whole milliseconds (~1.1 ms on Linux for a 1-ms sleep).
/// </summary>
/// <remarks>
/// Why: at 4,200 arrivals/s (one every ~0.24 ms) the millisecond sleep woke the dispatcher once per ~1.1 ms, so the
/// arrivals went out in bursts of four or five, each call up to a millisecond after its intended start (sender lag
/// p50 0.59 ms, p99 1.18 ms against the empty handler), and that lag is part of the latency the tool reports.
/// One instance per thread: <see cref="ForThisThread"/> sets the calling thread's timer slack.
/// </remarks>
internal sealed class ArrivalSleep
{
    // The kernel may defer a sleeping thread's wake-up by its timer slack (50 µs by default) to merge wake-ups;
    // 5 µs keeps the wake-up within a few microseconds of the deadline.
    private const ulong TimerSlackNanoseconds = 5_000;

    // No single sleep is longer than this, so a stop request is noticed within it whatever the schedule.
    private const long MaxSleepNanoseconds = 50_000_000;

    private ArrivalSleep(bool precise) => Precise = precise;

    /// <summary>True when sleeps are exact to the microsecond (Linux with glibc or musl); false when they round up to
    /// whole milliseconds.</summary>
    public bool Precise { get; }

    /// <summary>Prepares the calling thread (its timer slack, on Linux) and returns the sleep to use on it.</summary>
    public static ArrivalSleep ForThisThread()
    {
        if (!OperatingSystem.IsLinux())
        {
            return new ArrivalSleep(precise: false);
        }

        try
        {
            // Per thread: PR_SET_TIMERSLACK changes only the calling thread's slack.
            _ = NativeMethods.prctl(NativeMethods.PR_SET_TIMERSLACK, (nuint)TimerSlackNanoseconds, 0, 0, 0);
            return new ArrivalSleep(precise: true);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return new ArrivalSleep(precise: false);
        }
    }

    /// <summary>Sleeps about <paramref name="nanoseconds"/> (at most 50 ms); returns at once for zero or less. May
    /// return early when a signal interrupts the sleep: the caller reads its clock again and decides.</summary>
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
