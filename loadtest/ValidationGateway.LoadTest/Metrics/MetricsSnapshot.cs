namespace ValidationGateway.LoadTest.Metrics;

/// <summary>A copy of <see cref="RunMetrics"/> at the end of a run.</summary>
internal sealed record MetricsSnapshot(
    long Sent,
    long Completed,
    long Failed,
    LatencyHistogram Latency,
    LatencyHistogram DispatchLag,
    IReadOnlyDictionary<string, long> ErrorsByStatus,
    IReadOnlyDictionary<string, string> ErrorSamples,
    IReadOnlyDictionary<string, long> Verdicts,
    IReadOnlyList<SecondSample> Seconds);
