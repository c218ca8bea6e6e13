using System.Globalization;
using System.Text;

namespace ValidationGateway.LoadTest.Reports;

/// <summary>The end-of-run summary printed to the terminal.</summary>
internal static class TextSummary
{
    public static string Render(RunResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var t = new StringBuilder();
        var l = r.Latency;
        t.AppendLine(CultureInfo.InvariantCulture, $"== {r.Mode} loop, {r.Call}, {r.Schedule}");
        t.AppendLine(CultureInfo.InvariantCulture, $"calls      sent {r.Sent:#,0}  ok {r.Completed:#,0}  failed {r.Failed:#,0}  in {r.MeasuredSeconds:0.0} s  →  {r.ThroughputPerSecond:#,0.0} ok/s");
        t.AppendLine(CultureInfo.InvariantCulture, $"latency ms p50 {l.P50Ms:0.000}  p90 {l.P90Ms:0.000}  p99 {l.P99Ms:0.000}  p99.9 {l.P999Ms:0.000}  max {l.MaxMs:0.000}  (from intended start)");
        if (r.Mode == "open")
        {
            var d = r.DispatchLag;
            t.AppendLine(CultureInfo.InvariantCulture, $"sender lag p50 {d.P50Ms:0.000}  p99 {d.P99Ms:0.000}  max {d.MaxMs:0.000} ms (part of the latency above)");
        }

        if (r.GatewayLatency is { } gw)
        {
            t.AppendLine(gw.P99LeMs is null
                ? "gateway    its own latency not read: " + gw.Note
                : string.Create(CultureInfo.InvariantCulture, $"gateway    p50 {Bound(gw.P50LeMs)}  p99 {Bound(gw.P99LeMs)}  over {gw.Calls:#,0} {(r.Call.StartsWith("stream", StringComparison.Ordinal) ? "messages (its own histogram: each from reading it to flushing its answer" : "calls (its own histogram: request headers to status")}; bucket bounds)"));
        }

        var g = r.Generator;
        t.AppendLine(CultureInfo.InvariantCulture, $"generator  CPU {g.CpuPercentOfOneCore:0}% of one core ({g.CpusUsable} usable)  GC {g.GcCollections:#,0} collections, {g.GcPauseMs:#,0.0} ms paused (its own share of the latency)");
        if (r.Mode == "open" && g.Busy)
        {
            t.AppendLine(CultureInfo.InvariantCulture, $"note       the tool used {g.CpuPercentOfOneCore / Math.Max(1, g.CpusUsable):0}% of the CPU it may use: its own queueing is part of the latency above (measured at 62–78% of one core: 3–8 ms at the p99). For the gateway's own tail, give the tool more CPUs or split the rate over several instances, or pass --gateway-metrics");
        }
        t.AppendLine(CultureInfo.InvariantCulture, $"connections {r.ConnectionsOpened} ({r.Client})  streams {r.StreamsOpened}");
        t.AppendLine("errors     " + (r.ErrorsByStatus.Count == 0 ? "none" : string.Join("  ", r.ErrorsByStatus.Select(e => $"{e.Key} {e.Value:#,0}"))));
        foreach (var (status, sample) in r.ErrorSamples)
        {
            t.AppendLine(CultureInfo.InvariantCulture, $"           {status}: {sample}");
        }

        t.AppendLine("verdicts   " + string.Join("  ", r.Verdicts.Where(v => v.Value > 0).Select(v => $"{v.Key} {v.Value:#,0}")));
        var c = r.Correctness;
        t.AppendLine(CultureInfo.InvariantCulture, $"correctness {(c.AllCorrect ? "OK" : "FAILED")}: {c.Misses:#,0} misses, {c.FalseAlarms:#,0} false alarms, {c.Unexpected:#,0} lines with unexpected findings, {c.BatchesChecked:#,0} answers checked");
        t.AppendLine(CultureInfo.InvariantCulture, $"  {"fault",-20} {"expected rule",-33} {"lines",10} {"ok",10} {"missed",8} {"unexpected",10}");
        foreach (var row in c.Rows)
        {
            t.AppendLine(CultureInfo.InvariantCulture, $"  {row.Fault,-20} {row.ExpectedRule,-33} {row.Lines,10:#,0} {row.Caught,10:#,0} {row.Missed,8:#,0} {row.Unexpected,10:#,0}{(row.Answers.Count > 0 ? "  " + string.Join(", ", row.Answers.Take(4).Select(a => $"{a.Key} ×{a.Value}")) : "")}");
        }

        // Up to three per kind, twelve in all: when a convention is off every kind fails, and the files hold the rest.
        var examples = c.Rows.SelectMany(row => row.Examples.Take(3).Select(e => (row.Fault, e))).ToList();
        foreach (var (fault, e) in examples.Take(12))
        {
            t.AppendLine(CultureInfo.InvariantCulture, $"  e.g. {fault}: request_id {e.RequestId}, feedetl_sn {e.FeedetlSn}{(e.Code.Length == 0 ? "" : ", " + e.Code)} → {e.Answer}");
        }

        if (examples.Count > 12)
        {
            t.AppendLine("  (more examples in result.json and report.html)");
        }

        foreach (var (problem, count) in c.BatchProblems)
        {
            t.AppendLine(CultureInfo.InvariantCulture, $"  batch problem: {problem} ×{count}");
        }

        var a = r.Audit;
        t.AppendLine(a.Status switch
        {
            AuditResult.Matched => "audit trail matched: " + a.Note,
            AuditResult.Differs => "audit trail DIFFERS from the answers: " + a.Note,
            _ => "audit trail not compared: " + a.Note,
        });
        foreach (var row in a.Rows.Where(x => !x.Matches))
        {
            t.AppendLine(CultureInfo.InvariantCulture, $"  {row.Institution} {row.Total}: gateway {row.Gateway:#,0}, answered {row.Answered:#,0}");
        }

        return t.ToString();
    }

    /// <summary>A bucket bound of the gateway's histogram: "≤ 5 ms", or "> 10 s" past its last bucket.</summary>
    internal static string Bound(double? ms) => ms switch
    {
        null => "–",
        double.PositiveInfinity => "> 10 s",
        { } v => string.Create(CultureInfo.InvariantCulture, $"≤ {v:0.###} ms"),
    };
}
