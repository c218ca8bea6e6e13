using ValidationGateway.LoadTest.Metrics;

namespace ValidationGateway.LoadTest.Reports;

/// <summary>Percentiles of a histogram in milliseconds.</summary>
internal sealed record LatencySummary(long Count, double MinMs, double MeanMs, double P50Ms, double P90Ms, double P99Ms, double P999Ms, double MaxMs)
{
    public static LatencySummary Of(LatencyHistogram histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        return new(
            histogram.Count,
            LatencyMath.Ms(histogram.Min),
            histogram.Mean / 1e6,
            LatencyMath.Ms(histogram.ValueAtPercentile(50)),
            LatencyMath.Ms(histogram.ValueAtPercentile(90)),
            LatencyMath.Ms(histogram.ValueAtPercentile(99)),
            LatencyMath.Ms(histogram.ValueAtPercentile(99.9)),
            LatencyMath.Ms(histogram.Max));
    }
}
