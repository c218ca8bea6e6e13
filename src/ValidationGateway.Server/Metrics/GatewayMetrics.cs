using System.Diagnostics.Metrics;
using System.Reflection;
using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Rules;
using ValidationGateway.Core.Validation;
using ValidationGateway.Grpc;
using ValidationGateway.Server.Audit;

namespace ValidationGateway.Server.Metrics;

/// <summary>
/// The gateway's instruments on the meter <c>ValidationGateway</c>: read by the <c>/metrics</c> exporter and, when
/// configured, pushed over OTLP. Every label is bounded: method paths of registered methods, gRPC status names,
/// verdicts, rule ids, actor kinds, the current catalog version; never an institution.
/// </summary>
/// <remarks>Thread-safe. One per host (its own <see cref="Meter"/> instance), so hosts sharing a process keep their own numbers.</remarks>
internal sealed class GatewayMetrics : IDisposable
{
    /// <summary>The meter's name, for OpenTelemetry's <c>AddMeter</c>.</summary>
    public const string MeterName = "ValidationGateway";

    /// <summary>Latency buckets in seconds: half a millisecond (the engine's own time) up to 10 s (a stuck store), with
    /// a bucket per millisecond up to the 5-ms p99 a settlement answer aims at, so a tail near it can be told apart.</summary>
    public static readonly IReadOnlyList<double> DurationBuckets = [0.0005, 0.001, 0.002, 0.003, 0.004, 0.005, 0.0075, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private static readonly KeyValuePair<string, object?> Pass = new("verdict", "pass");
    private static readonly KeyValuePair<string, object?> Warn = new("verdict", "warn");
    private static readonly KeyValuePair<string, object?> Reject = new("verdict", "reject");
    private static readonly KeyValuePair<string, object?> Unspecified = new("verdict", "unspecified");
    private static readonly KeyValuePair<string, object?> InstitutionKind = new("kind", "institution");
    private static readonly KeyValuePair<string, object?> CatalogKind = new("kind", "catalog");

    private readonly Meter _meter;
    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _streamMessageDuration;
    private readonly Counter<long> _lines;
    private readonly Counter<long> _findings;
    private readonly OpenTelemetry.Metrics.MeterProvider? _otlp;

    /// <summary>Creates the instruments, the <c>/metrics</c> exporter and, if <see cref="MetricsOptions.OtlpEndpoint"/> is set, the OTLP push.</summary>
    public GatewayMetrics(ValidationEngine engine, AuditLog audit, MetricsOptions options)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(options);
        _meter = new Meter(MeterName, BuildVersion);
        _requests = _meter.CreateCounter<long>("vgw.grpc.requests", "{request}", "gRPC calls by method and final status code.");
        _duration = _meter.CreateHistogram("vgw.grpc.request.duration", "s", "Time from a call's headers to its status, in seconds, by method.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _streamMessageDuration = _meter.CreateHistogram("vgw.grpc.stream.message.duration", "s",
            "Time from reading a streamed request message to flushing its answer, in seconds, by method.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _lines = _meter.CreateCounter<long>("vgw.lines", "{line}", "Fee detail lines answered, by verdict (replayed answers not counted again).");
        _findings = _meter.CreateCounter<long>("vgw.findings", "{finding}", "Findings answered, by rule id (line and batch findings).");
        _meter.CreateObservableCounter("vgw.actor.activations",
            () => new[]
            {
                new Measurement<long>(engine.Institutions.ActivationCount, InstitutionKind),
                new Measurement<long>(engine.Catalogs.ActivationCount, CatalogKind),
            },
            "{activation}", "Actor activations since start, by kind.");
        _meter.CreateObservableGauge("vgw.actors.active",
            () => new[]
            {
                new Measurement<int>(engine.Institutions.ActiveCount, InstitutionKind),
                new Measurement<int>(engine.Catalogs.ActiveCount, CatalogKind),
            },
            "{actor}", "Actors active now (including activations in progress), by kind.");
        _meter.CreateObservableGauge("vgw.catalog.info",
            () => engine.CurrentVersion is { } version ? [new Measurement<int>(1, new KeyValuePair<string, object?>("version", version))] : Array.Empty<Measurement<int>>(),
            null, "The current published catalog version (value 1).");
        _meter.CreateObservableGauge("vgw.audit.queue.depth", () => audit.QueueDepth, "{record}", "Audit records waiting to be written.");
        _meter.CreateObservableCounter("vgw.audit.commits", () => audit.Commits, "{commit}", "Audit transactions written (group commits).");
        _meter.CreateObservableCounter("vgw.audit.records", () => audit.RecordsCommitted, "{record}", "Audit records written; per commit, the group commit at work.");
        _meter.CreateObservableGauge("vgw.build.info",
            () => new Measurement<int>(1, new KeyValuePair<string, object?>("version", BuildVersion)),
            null, "The gateway's build (value 1).");
        AddRuntimeInstruments(_meter);
        Exporter = new PrometheusExporter(_meter);
        _otlp = options.OtlpEndpoint.Length > 0 ? OtlpMetricsExport.Start(options) : null;
    }

    /// <summary>Process CPU, garbage collection and thread pool figures: what a slow or stalling node is short of.</summary>
    private static void AddRuntimeInstruments(Meter meter)
    {
        meter.CreateObservableCounter("vgw.process.cpu.time", static () => Environment.CpuUsage.TotalTime.TotalSeconds, "s", "CPU time used by the process (user and system), in seconds.");
        meter.CreateObservableCounter("vgw.gc.collections",
            static () => new[]
            {
                new Measurement<long>(GC.CollectionCount(0), new KeyValuePair<string, object?>("generation", "gen0")),
                new Measurement<long>(GC.CollectionCount(1), new KeyValuePair<string, object?>("generation", "gen1")),
                new Measurement<long>(GC.CollectionCount(2), new KeyValuePair<string, object?>("generation", "gen2")),
            },
            "{collection}", "Garbage collections since start, by the highest generation collected.");
        meter.CreateObservableCounter("vgw.gc.allocated", static () => GC.GetTotalAllocatedBytes(), "By", "Bytes allocated on the managed heap since start.");
        meter.CreateObservableCounter("vgw.gc.pause.time", static () => GC.GetTotalPauseDuration().TotalSeconds, "s", "Time the garbage collector paused the process since start, in seconds.");
        meter.CreateObservableGauge("vgw.threadpool.queue.length", static () => ThreadPool.PendingWorkItemCount, "{item}", "Work items waiting for a thread pool thread.");
    }

    /// <summary>The build's informational version (e.g. <c>1.0.0+abc123</c>).</summary>
    public static string BuildVersion { get; } =
        typeof(GatewayMetrics).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>The meter holding every instrument.</summary>
    public Meter Meter => _meter;

    /// <summary>The Prometheus text exporter behind <c>/metrics</c>.</summary>
    public PrometheusExporter Exporter { get; }

    /// <summary>Records one finished gRPC call (the transport's <see cref="GrpcTransportOptions.CallCompleted"/> hook).</summary>
    public void RecordCall(string method, GrpcStatusCode status, TimeSpan elapsed)
    {
        var methodTag = new KeyValuePair<string, object?>("method", method);
        _requests.Add(1, methodTag, new KeyValuePair<string, object?>("code", GrpcStatusNames.Of(status)));
        _duration.Record(elapsed.TotalSeconds, methodTag);
    }

    /// <summary>Records one answered message of a stream, from reading it to flushing its answer: what
    /// <c>vgw.grpc.request.duration</c> is for a unary call (for a stream that times the whole stream).</summary>
    public void RecordStreamMessage(string method, TimeSpan elapsed) =>
        _streamMessageDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("method", method));

    /// <summary>Counts an answer's lines by verdict and its findings by rule id; a replayed answer was counted the first time.</summary>
    public void RecordAnswer(ValidateResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.Replayed)
        {
            return;
        }

        long pass = 0, warn = 0, reject = 0, unspecified = 0;
        var lines = response.Lines;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            switch (line.Verdict)
            {
                case Verdict.Pass: pass++; break;
                case Verdict.Warn: warn++; break;
                case Verdict.Reject: reject++; break;
                default: unspecified++; break;
            }

            CountFindings(line.Findings);
        }

        CountFindings(response.Findings);
        Add(_lines, pass, Pass);
        Add(_lines, warn, Warn);
        Add(_lines, reject, Reject);
        Add(_lines, unspecified, Unspecified);
    }

    /// <summary>Stops the OTLP push and the exporter and retires the meter.</summary>
    public void Dispose()
    {
        _otlp?.Dispose();
        Exporter.Dispose();
        _meter.Dispose();
    }

    private static void Add(Counter<long> counter, long value, KeyValuePair<string, object?> tag)
    {
        if (value > 0)
        {
            counter.Add(value, tag);
        }
    }

    private void CountFindings(Google.Protobuf.Collections.RepeatedField<Finding> findings)
    {
        for (var i = 0; i < findings.Count; i++)
        {
            // The canonical name, so the label stays within the rule table whatever string a finding carries.
            var rule = RuleIds.TryParse(findings[i].RuleId, out var id) ? RuleIds.NameOf(id) : "other";
            _findings.Add(1, new KeyValuePair<string, object?>("rule_id", rule));
        }
    }
}
