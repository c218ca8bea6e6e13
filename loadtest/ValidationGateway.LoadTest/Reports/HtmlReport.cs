using System.Globalization;
using System.Net;
using System.Text;

namespace ValidationGateway.LoadTest.Reports;

/// <summary>report.html: one self-contained page (inline CSS and SVG; no script, font or link to fetch), so it opens without internet.</summary>
internal static class HtmlReport
{
    private const string Style = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC",sans-serif;margin:24px auto;max-width:900px;color:#1d232a}
        h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #d8dde3}
        table{border-collapse:collapse;margin:8px 0}td,th{padding:3px 10px;border-bottom:1px solid #eef0f3;text-align:right}
        td:first-child,th:first-child{text-align:left}.ok{color:#17803d}.bad{color:#b42318;font-weight:600}.muted{color:#6b7480}
        .chart .title{font-weight:600;font-size:13px}.chart .tick{font-size:11px;fill:#4b5563}.chart .label{font-size:12px;fill:#374151}
        .chart .grid{stroke:#eef0f3}.chart .axis{stroke:#9ca3af}code{background:#f3f4f6;padding:1px 4px}
        """;

    public static string Render(RunResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>vgw-load report</title><style>").Append(Style).Append("</style></head><body>");
        html.Append(CultureInfo.InvariantCulture, $"<h1>vgw-load: {Esc(r.Mode)} loop, {Esc(r.Call)}</h1>");
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">{Esc(r.StartedAt.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture))} · target <code>{Esc(r.Target)}</code> · <code>vgw-load {Esc(r.CommandLine)}</code></p>");

        html.Append("<h2>Summary</h2><table>");
        Row(html, "Schedule", r.Schedule);
        Row(html, "Measured time", $"{r.MeasuredSeconds:0.0} s");
        Row(html, "Calls sent / OK / failed", $"{r.Sent:#,0} / {r.Completed:#,0} / {r.Failed:#,0}");
        Row(html, "Throughput (OK calls)", $"{r.ThroughputPerSecond:#,0.0}/s");
        Row(html, "Lines per batch", r.Lines);
        Row(html, "Faults", r.Faults);
        Row(html, "Codes", r.Catalog);
        Row(html, "Institutions", string.Join(", ", r.Institutions));
        Row(html, "Connections / streams opened", $"{r.ConnectionsOpened} / {r.StreamsOpened} ({(r.Client == "h2" ? "the tool's own HTTP/2 client" : "HttpClient")})");
        Row(html, "Load generator (measured phase)", $"CPU {r.Generator.CpuPercentOfOneCore:0}% of one core ({r.Generator.CpusUsable} usable); GC {r.Generator.GcCollections:#,0} collections, {r.Generator.GcPauseMs:#,0.0} ms paused");
        html.Append("</table>");

        html.Append("<h2>Latency (ms, from each call's intended start)</h2><table><tr><th></th><th>p50</th><th>p90</th><th>p99</th><th>p99.9</th><th>max</th><th>mean</th><th>count</th></tr>");
        Latency(html, "OK calls", r.Latency);
        Latency(html, "sender lag", r.DispatchLag);
        html.Append("</table><p class=\"muted\">Sender lag: how late the tool started open-loop calls after their intended start (already included in the latency).</p>");
        if (r.GatewayLatency is { } gw)
        {
            html.Append(gw.P99LeMs is null
                ? $"<p class=\"muted\">The gateway's own latency was not read: {Esc(gw.Note)}</p>"
                : string.Create(CultureInfo.InvariantCulture, $"<p>The gateway's own histogram ({Esc(gw.Source)}): p50 {Esc(TextSummary.Bound(gw.P50LeMs))}, p99 {Esc(TextSummary.Bound(gw.P99LeMs))} over {gw.Calls:#,0} {(r.Call.StartsWith("stream", StringComparison.Ordinal) ? "messages" : "calls")}.</p>"));
        }

        var seconds = r.Seconds;
        html.Append(SvgChart.Lines("Latency over time", "seconds", "ms", [
            new("p50", "#2563eb", [.. seconds.Select(s => ((double)s.Second, s.P50Ms))]),
            new("p99", "#dc2626", [.. seconds.Select(s => ((double)s.Second, s.P99Ms))]),
            new("max", "#9ca3af", [.. seconds.Select(s => ((double)s.Second, s.MaxMs))]),
        ]));
        var nines = new List<(double, string)>();
        for (var n = 0; n <= 5 && r.Distribution.Count > 0 && n <= Math.Log10(Math.Max(1, r.Latency.Count)); n++)
        {
            nines.Add((n, n == 0 ? "0%" : (100 * (1 - Math.Pow(10, -n))).ToString("0.###", CultureInfo.InvariantCulture) + "%"));
        }

        html.Append(SvgChart.Lines("Latency distribution (percentile)", "percentile", "ms", [
            new("latency", "#7c3aed", [.. r.Distribution.Where(p => p.Percentile < 100).Select(p => (-Math.Log10(1 - (p.Percentile / 100)), p.Ms))]),
        ], nines));
        html.Append(SvgChart.Lines("Throughput over time", "seconds", "calls/s", [
            new("completed OK", "#16a34a", [.. seconds.Select(s => ((double)s.Second, (double)s.Completed))]),
            new("sent", "#2563eb", [.. seconds.Select(s => ((double)s.Second, (double)s.Sent))]),
            new("target", "#f59e0b", [.. seconds.Where(s => s.TargetRate > 0).Select(s => ((double)s.Second, s.TargetRate))]),
            new("errors", "#dc2626", [.. seconds.Select(s => ((double)s.Second, (double)s.Errors))]),
        ]));

        html.Append("<h2>Errors by gRPC status</h2>");
        if (r.ErrorsByStatus.Count == 0)
        {
            html.Append("<p class=\"ok\">none</p>");
        }
        else
        {
            html.Append("<table><tr><th>status</th><th>calls</th><th>first message</th></tr>");
            foreach (var (status, count) in r.ErrorsByStatus.OrderByDescending(e => e.Value))
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><td class=\"bad\">{Esc(status)}</td><td>{count:#,0}</td><td style=\"text-align:left\">{Esc(r.ErrorSamples.GetValueOrDefault(status, ""))}</td></tr>");
            }

            html.Append("</table>");
        }

        html.Append("<h2>Verdicts</h2><table>");
        foreach (var (verdict, count) in r.Verdicts.Where(v => v.Value > 0))
        {
            Row(html, verdict, count.ToString("#,0", CultureInfo.InvariantCulture));
        }

        html.Append("</table>");

        var c = r.Correctness;
        html.Append(CultureInfo.InvariantCulture, $"<h2>Correctness under load</h2><p class=\"{(c.AllCorrect ? "ok" : "bad")}\">{(c.AllCorrect ? "every fault caught, every clean line passed" : $"{c.Misses:#,0} misses, {c.FalseAlarms:#,0} false alarms, {c.Unexpected:#,0} lines with unexpected findings")} ({c.BatchesChecked:#,0} answers checked)</p>");
        html.Append("<table><tr><th>fault</th><th>expected rule</th><th>lines</th><th>caught / passed</th><th>missed</th><th>unexpected</th><th>answers instead</th></tr>");
        foreach (var row in c.Rows)
        {
            var answers = string.Join(", ", row.Answers.Select(a => $"{a.Key} ×{a.Value}"));
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{Esc(row.Fault)}{(row.Requires.Length == 0 ? "" : $" <span class=\"muted\">(needs {Esc(row.Requires)})</span>")}</td><td>{Esc(row.ExpectedRule)}</td><td>{row.Lines:#,0}</td><td>{row.Caught:#,0}</td><td class=\"{(row.Missed > 0 ? "bad" : "")}\">{row.Missed:#,0}</td><td class=\"{(row.Unexpected > 0 ? "bad" : "")}\">{row.Unexpected:#,0}</td><td style=\"text-align:left\">{Esc(answers)}</td></tr>");
        }

        html.Append("</table>");
        var examples = c.Rows.SelectMany(row => row.Examples.Select(e => (row.Fault, e))).ToList();
        if (examples.Count > 0)
        {
            html.Append("<table><tr><th>fault</th><th>request_id</th><th>feedetl_sn</th><th>national code</th><th>answer</th></tr>");
            foreach (var (fault, e) in examples)
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Esc(fault)}</td><td>{Esc(e.RequestId)}</td><td>{Esc(e.FeedetlSn)}</td><td>{Esc(e.Code)}</td><td style=\"text-align:left\">{Esc(e.Answer)}</td></tr>");
            }

            html.Append("</table>");
        }

        foreach (var (problem, count) in c.BatchProblems)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"bad\">{Esc(problem)}: {count:#,0}</p>");
        }

        var a = r.Audit;
        html.Append(CultureInfo.InvariantCulture, $"<h2>Against the gateway's audit trail</h2><p class=\"{(a.Status == AuditResult.Differs ? "bad" : a.Status == AuditResult.Matched ? "ok" : "muted")}\">{Esc(a.Status)}: {Esc(a.Note)}</p>");
        if (a.Rows.Count > 0)
        {
            html.Append("<table><tr><th>institution</th><th>total</th><th>recorded by the gateway</th><th>from the answers</th></tr>");
            foreach (var row in a.Rows)
            {
                html.Append(CultureInfo.InvariantCulture,
                    $"<tr><td>{Esc(row.Institution)}</td><td style=\"text-align:left\">{Esc(row.Total)}</td><td class=\"{(row.Matches ? "" : "bad")}\">{row.Gateway:#,0}</td><td class=\"{(row.Matches ? "" : "bad")}\">{row.Answered:#,0}</td></tr>");
            }

            html.Append("</table>");
        }

        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static void Row(StringBuilder html, string name, string value) =>
        html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Esc(name)}</td><td style=\"text-align:left\">{Esc(value)}</td></tr>");

    private static void Latency(StringBuilder html, string name, LatencySummary l) =>
        html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Esc(name)}</td><td>{l.P50Ms:0.000}</td><td>{l.P90Ms:0.000}</td><td>{l.P99Ms:0.000}</td><td>{l.P999Ms:0.000}</td><td>{l.MaxMs:0.000}</td><td>{l.MeanMs:0.000}</td><td>{l.Count:#,0}</td></tr>");

    private static string Esc(string text) => WebUtility.HtmlEncode(text);
}
