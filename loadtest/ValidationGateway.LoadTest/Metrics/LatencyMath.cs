namespace ValidationGateway.LoadTest.Metrics;

/// <summary>Conversions between <see cref="TimeProvider"/> timestamps and latencies.</summary>
internal static class LatencyMath
{
    /// <summary>
    /// Latency of a call from its INTENDED start (the schedule's arrival time, not the moment the sender got to it) to
    /// its completion, in ns. Measuring from the intended start keeps a stalled sender from hiding queueing (coordinated omission).
    /// </summary>
    public static long Nanoseconds(long intendedStartTimestamp, long completedTimestamp, long frequency) =>
        (long)((completedTimestamp - intendedStartTimestamp) * (1e9 / frequency));

    /// <summary>Timestamp <paramref name="seconds"/> after <paramref name="origin"/>.</summary>
    public static long Offset(long origin, double seconds, long frequency) => origin + (long)Math.Round(seconds * frequency);

    /// <summary>Nanoseconds to milliseconds.</summary>
    public static double Ms(long nanoseconds) => nanoseconds / 1e6;
}
