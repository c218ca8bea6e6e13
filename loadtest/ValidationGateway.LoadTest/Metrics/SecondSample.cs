namespace ValidationGateway.LoadTest.Metrics;

/// <summary>What happened in one second of the measured run (latencies in milliseconds, calls that completed OK).</summary>
internal sealed record SecondSample(
    int Second,
    long Sent,
    long Completed,
    long Errors,
    double P50Ms,
    double P99Ms,
    double MaxMs,
    double TargetRate,
    long InFlight);
