namespace ValidationGateway.LoadTest.Reports;

/// <summary>One point of the latency distribution: the latency at a percentile.</summary>
internal sealed record PercentilePoint(double Percentile, double Ms);
