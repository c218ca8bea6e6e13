using ValidationGateway.LoadTest.Metrics;

namespace ValidationGateway.LoadTest.Reports;

/// <summary>Everything a run produced; written as result.json and drawn into report.html.</summary>
internal sealed record RunResult(
    string Tool,
    DateTimeOffset StartedAt,
    string Target,
    string CommandLine,
    string Mode,
    string Call,
    string Schedule,
    int Concurrency,
    double MeasuredSeconds,
    string Lines,
    string Faults,
    string Catalog,
    IReadOnlyList<string> Institutions,
    string FeeDate,
    int ConnectionsOpened,
    int StreamsOpened,
    long Sent,
    long Completed,
    long Failed,
    double ThroughputPerSecond,
    LatencySummary Latency,
    LatencySummary DispatchLag,
    GeneratorLoad Generator,
    IReadOnlyDictionary<string, long> ErrorsByStatus,
    IReadOnlyDictionary<string, string> ErrorSamples,
    IReadOnlyDictionary<string, long> Verdicts,
    CorrectnessResult Correctness,
    AuditResult Audit,
    IReadOnlyList<SecondSample> Seconds,
    IReadOnlyList<PercentilePoint> Distribution)
{
    /// <summary>The gateway's own latency histogram over the run, when <c>--gateway-metrics</c> was given.</summary>
    public GatewayLatency? GatewayLatency { get; init; }

    /// <summary>The client the calls went through: "h2" (the tool's own HTTP/2 client) or "httpclient" (<c>--client</c>).</summary>
    public string Client { get; init; } = "h2";
}
