namespace ValidationGateway.LoadTest.Reports;

/// <summary>The gateway's own latency over the run (<c>--gateway-metrics</c>): bucket bounds of its histogram, in ms;
/// null bounds (and a note) when it was not read. A bound of infinity means above the largest bucket.</summary>
internal sealed record GatewayLatency(string Source, long Calls, double? P50LeMs, double? P99LeMs, string Note);
