using System.Text.Json;
using ValidationGateway.Contracts.V1;
using ValidationGateway.LoadTest.Cli;
using ValidationGateway.LoadTest.Correctness;
using ValidationGateway.LoadTest.Metrics;
using ValidationGateway.LoadTest.Reports;
using ValidationGateway.LoadTest.Traffic;

namespace ValidationGateway.LoadTest.Tests;

public class ReportTests
{
    private static RunResult Result(CorrectnessTally? correctness = null)
    {
        var metrics = new RunMetrics();
        var random = new Random(3);
        for (var second = 1; second <= 5; second++)
        {
            for (var i = 0; i < 1_000; i++)
            {
                metrics.OnSent();
                metrics.OnCompleted(300_000 + random.Next(3_000_000), i % 10 == 0 ? Verdict.Reject : Verdict.Pass);
            }

            metrics.OnSent();
            metrics.OnFailed("DEADLINE_EXCEEDED", "超时 <deadline>");
            metrics.CloseSecond(second, 1_000);
        }

        var tally = new CorrectnessTally();
        var request = new ValidateRequest { RequestId = "r" };
        request.FeeDetails.Add(new FeeDetail { FeedetlSn = "1", MedListCodg = "XZ99ZZZ999A001010100001" });
        var response = new ValidateResponse { RequestId = "r", Verdict = Verdict.Pass };
        response.Lines.Add(new LineResult { FeedetlSn = "1", Verdict = Verdict.Pass });
        tally.Check(new GeneratedBatch(request, BatchScene.Outpatient, [new LineExpectation("1", FaultCatalog.Find("unknown"))]), response);

        var errors = new List<string>();
        var options = OptionsParser.Parse(["--rate", "1000", "--duration", "5s"], new DateOnly(2026, 11, 22), errors);
        Assert.Empty(errors);
        // The gateway recorded one batch more than the tool was answered.
        var ledger = new AnswerLedger();
        ledger.Record("H1", response);
        var before = new AuditCounts();
        var after = new AuditCounts();
        after.AddDay(new InstitutionDay { Batches = 2, Lines = 2, LinesPass = 2 });
        var audit = AuditReconciliation.Compare(["H1"], new Dictionary<string, AuditCounts> { ["H1"] = before }, new Dictionary<string, AuditCounts> { ["H1"] = after }, ledger, 5);
        return ResultBuilder.Build(options, DateTimeOffset.UnixEpoch, 5, "demo", metrics.Snapshot(), (correctness ?? tally).Snapshot(), audit, new GeneratorLoad(63.4, 1, 12, 45.2), 1, 0);
    }

    [Fact]
    public void Html_SelfContained_ThreeSvgChartsAndNoExternalReference()
    {
        var html = HtmlReport.Render(Result());
        Assert.Equal(3, html.Split("<svg", StringSplitOptions.None).Length - 1);
        Assert.Contains("<polyline", html, StringComparison.Ordinal);
        // The only URL on the page is the load target, shown as text; nothing is fetched from anywhere.
        var withoutTarget = html.Replace("http://127.0.0.1:5080", "", StringComparison.Ordinal);
        Assert.DoesNotContain("http://", withoutTarget, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", withoutTarget, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("xmlns", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("DEADLINE_EXCEEDED", html, StringComparison.Ordinal);
        Assert.Contains("&lt;deadline&gt;", html, StringComparison.Ordinal);
        Assert.Contains("NATIONAL_CODE_UNKNOWN", html, StringComparison.Ordinal);
        Assert.Contains("<h2>Against the gateway's audit trail</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"bad\">2</td><td class=\"bad\">1</td>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td>unknown</td><td>r</td><td>1</td><td>XZ99ZZZ999A001010100001</td><td style=\"text-align:left\">none</td></tr>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_HasPercentilesThroughputErrorsAndCorrectness()
    {
        var result = Result();
        using var json = JsonDocument.Parse(JsonReport.Render(result));
        var root = json.RootElement;
        Assert.Equal("open", root.GetProperty("mode").GetString());
        Assert.Equal(5_000, root.GetProperty("completed").GetInt64());
        Assert.Equal(1_000, root.GetProperty("throughput_per_second").GetDouble(), 3);
        var latency = root.GetProperty("latency");
        Assert.InRange(latency.GetProperty("p99_ms").GetDouble(), 3.2, 3.31);
        Assert.True(latency.GetProperty("p50_ms").GetDouble() < latency.GetProperty("p99_ms").GetDouble());
        Assert.Equal(5, root.GetProperty("errors_by_status").GetProperty("DEADLINE_EXCEEDED").GetInt64());
        Assert.Equal(500, root.GetProperty("verdicts").GetProperty("REJECT").GetInt64());
        var correctness = root.GetProperty("correctness");
        Assert.Equal(1, correctness.GetProperty("misses").GetInt64());
        Assert.False(correctness.GetProperty("all_correct").GetBoolean());
        var example = correctness.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("fault").GetString() == "unknown").GetProperty("examples").EnumerateArray().Single();
        Assert.Equal("r", example.GetProperty("request_id").GetString());
        Assert.Equal("1", example.GetProperty("feedetl_sn").GetString());
        Assert.Equal("XZ99ZZZ999A001010100001", example.GetProperty("code").GetString());
        Assert.Equal("none", example.GetProperty("answer").GetString());
        Assert.Equal(5, root.GetProperty("seconds").GetArrayLength());
        Assert.Contains("超时", JsonReport.Render(result), StringComparison.Ordinal);
        Assert.Equal(45.2, root.GetProperty("generator").GetProperty("gc_pause_ms").GetDouble());
        Assert.Equal(63.4, root.GetProperty("generator").GetProperty("cpu_percent_of_one_core").GetDouble());
        Assert.True(root.GetProperty("generator").GetProperty("busy").GetBoolean());
        var audit = root.GetProperty("audit");
        Assert.Equal("differs", audit.GetProperty("status").GetString());
        var batches = audit.GetProperty("rows").EnumerateArray().First(r => r.GetProperty("total").GetString() == "batches");
        Assert.Equal(2, batches.GetProperty("gateway").GetInt64());
        Assert.Equal(1, batches.GetProperty("answered").GetInt64());
        Assert.False(batches.GetProperty("matches").GetBoolean());
    }

    [Fact]
    public void GatewayLatency_AllThreeReportsShowIt_AndATailPastTheLastBucketIsWritten()
    {
        var result = Result() with { GatewayLatency = new GatewayLatency("http://127.0.0.1:5081/metrics vgw_grpc_request_duration_seconds", 4_990, 0.5, double.PositiveInfinity, "") };

        Assert.Contains("gateway    p50 ≤ 0.5 ms  p99 > 10 s  over 4,990 calls (its own histogram: request headers to status; bucket bounds)", TextSummary.Render(result), StringComparison.Ordinal);
        Assert.Contains("p50 ≤ 0.5 ms, p99 &gt; 10 s over 4,990 calls", HtmlReport.Render(result), StringComparison.Ordinal);
        using var json = JsonDocument.Parse(JsonReport.Render(result));
        var gateway = json.RootElement.GetProperty("gateway_latency");
        Assert.Equal(4_990, gateway.GetProperty("calls").GetInt64());
        Assert.Equal(0.5, gateway.GetProperty("p50_le_ms").GetDouble());
        Assert.Equal("Infinity", gateway.GetProperty("p99_le_ms").GetString());

        var unread = Result() with { GatewayLatency = new GatewayLatency("x", 0, null, null, "http://127.0.0.1:1/metrics could not be read: refused") };
        Assert.Contains("gateway    its own latency not read: http://127.0.0.1:1/metrics could not be read: refused", TextSummary.Render(unread), StringComparison.Ordinal);
        Assert.DoesNotContain("\ngateway    ", TextSummary.Render(Result()).ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void Text_ManyKindsMissed_TwelveExamplesAndWhereTheRestAre()
    {
        var tally = new CorrectnessTally();
        foreach (var fault in new[] { "unknown", "missing", "malformed", "expired", "local" })
        {
            for (var i = 0; i < 4; i++)
            {
                var request = new ValidateRequest { RequestId = $"{fault}-{i}" };
                request.FeeDetails.Add(new FeeDetail { FeedetlSn = "1" });
                var response = new ValidateResponse { RequestId = request.RequestId, Verdict = Verdict.Pass };
                response.Lines.Add(new LineResult { FeedetlSn = "1", Verdict = Verdict.Pass });
                tally.Check(new GeneratedBatch(request, BatchScene.Outpatient, [new LineExpectation("1", FaultCatalog.Find(fault))]), response);
            }
        }

        var lines = TextSummary.Render(Result(tally)).ReplaceLineEndings("\n").Split('\n');
        Assert.Equal(12, lines.Count(l => l.StartsWith("  e.g. ", StringComparison.Ordinal)));
        Assert.Equal(3, lines.Count(l => l.StartsWith("  e.g. expired: ", StringComparison.Ordinal)));
        Assert.Contains("  (more examples in result.json and report.html)", lines);
    }

    [Fact]
    public void Text_SummaryNamesPercentilesAndMisses()
    {
        var text = TextSummary.Render(Result());
        Assert.Contains("p99.9", text, StringComparison.Ordinal);
        Assert.Contains("1 misses", text, StringComparison.Ordinal);
        Assert.Contains("  e.g. unknown: request_id r, feedetl_sn 1, XZ99ZZZ999A001010100001 → none\n", text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("DEADLINE_EXCEEDED 5", text, StringComparison.Ordinal);
        Assert.Contains("generator  CPU 63% of one core (1 usable)  GC 12 collections, 45.2 ms paused", text, StringComparison.Ordinal);
        Assert.Contains("audit trail DIFFERS from the answers", text, StringComparison.Ordinal);
        Assert.Contains("H1 batches: gateway 2, answered 1", text, StringComparison.Ordinal);
        Assert.Contains("5 calls failed on the client side", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_OpenLoopWithTheToolBusy_SaysItsOwnQueueingIsInTheLatency()
    {
        var busy = Result(); // open loop, 63.4% of its one CPU
        Assert.Contains("note       the tool used 63% of the CPU it may use: its own queueing is part of the latency above", TextSummary.Render(busy), StringComparison.Ordinal);

        Assert.DoesNotContain("its own queueing", TextSummary.Render(busy with { Generator = new GeneratorLoad(59.9, 1, 12, 45.2) }), StringComparison.Ordinal);
        Assert.DoesNotContain("its own queueing", TextSummary.Render(busy with { Generator = new GeneratorLoad(110, 2, 12, 45.2) }), StringComparison.Ordinal);
        Assert.Contains("the tool used 65% of the CPU", TextSummary.Render(busy with { Generator = new GeneratorLoad(130, 2, 12, 45.2) }), StringComparison.Ordinal);
        Assert.DoesNotContain("its own queueing", TextSummary.Render(busy with { Mode = "closed" }), StringComparison.Ordinal);
    }
}
