using System.Net;
using System.Text.RegularExpressions;
using ValidationGateway.Contracts.Health;
using ValidationGateway.Contracts.V1;
using ValidationGateway.Grpc;
using ValidationGateway.Server.Demo;
using ValidationGateway.Server.Services;
using ValidationGateway.Server.Tests.Support;
using static ValidationGateway.Server.Tests.Support.Batches;

namespace ValidationGateway.Server.Tests.Metrics;

public sealed partial class MetricsScrapeTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>, IDisposable
{
    private const string Validate = ValidationGrpcService.ValidatePath;
    private const string ValidateStream = ValidationGrpcService.ValidateStreamPath;
    private static readonly string[] BoundedLabels = ["method", "code", "le", "verdict", "rule_id", "kind", "version", "generation"];
    private const string Restricted = "XA11CCA351E002010101121"; // restricted use, female only: a warning without approval

    public void Dispose() => Assert.Empty(gateway.Logs.Errors());

    private async Task<string> GetTextAsync(string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var http = new HttpClient { BaseAddress = gateway.Host.HttpAddress };
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"GET {path}: {(int)response.StatusCode} {body}");
        if (path == "/metrics")
        {
            Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        }

        return body;
    }

    private async Task<PrometheusScrape> ScrapeAsync() => PrometheusScrape.Parse(await GetTextAsync("/metrics"));

    private Task<ValidateResponse> ValidateAsync(ValidateRequest request, GrpcClient? client = null) =>
        (client ?? gateway.Client).UnaryAsync(Validate, request, ValidateResponse.Parser);

    private static double Delta(PrometheusScrape before, PrometheusScrape after, string name, params (string, string)[] labels) =>
        after.Value(name, labels) - before.Value(name, labels);

    [Fact]
    public async Task Metrics_AfterKnownMixOfCalls_CountsRequestsLinesAndFindingsExactly()
    {
        var before = await ScrapeAsync();
        var answered = new List<ValidateResponse>();

        // Unary: a reject/pass mix, a service over the level-2 price cap, a warning; then the first request id again (replayed).
        var mixed = Request(DemoDataSet.Hospital3, Line("1", ValidDrug), Line("2", ""), Line("3", "XA10BAE056A001010109999"), Line("4", ExpiredDrug));
        answered.Add(await ValidateAsync(mixed));
        answered.Add(await ValidateAsync(Request(DemoDataSet.Hospital2, Line("1", ValidDrug), Line("2", ValidService, price: "8.00"))));
        var warning = Request(DemoDataSet.Hospital3, Line("1", Restricted));
        warning.Visit.Gend = "2";
        answered.Add(await ValidateAsync(warning));
        var replay = await ValidateAsync(mixed);
        Assert.True(replay.Replayed);

        // Errors: INVALID_ARGUMENT, NOT_FOUND, UNAUTHENTICATED, and UNIMPLEMENTED for a path nobody registered.
        var noId = Request(DemoDataSet.Hospital3, Line("1", ValidDrug));
        noId.RequestId = "";
        Assert.Equal(GrpcStatusCode.InvalidArgument, (await Assert.ThrowsAsync<GrpcStatusException>(() => ValidateAsync(noId))).StatusCode);
        var unknownVersion = Request(DemoDataSet.Hospital3, Line("1", ValidDrug));
        unknownVersion.CatalogVersion = "1999.01";
        Assert.Equal(GrpcStatusCode.NotFound, (await Assert.ThrowsAsync<GrpcStatusException>(() => ValidateAsync(unknownVersion))).StatusCode);
        using (var anonymous = gateway.ClientWith(null))
        {
            Assert.Equal(GrpcStatusCode.Unauthenticated,
                (await Assert.ThrowsAsync<GrpcStatusException>(() => ValidateAsync(Request(DemoDataSet.Hospital1, Line("1", ValidDrug)), anonymous))).StatusCode);
        }

        Assert.Equal(GrpcStatusCode.Unimplemented, (await Assert.ThrowsAsync<GrpcStatusException>(() =>
            gateway.Client.UnaryAsync("/validationgateway.v1.ValidationService/Nope-" + Guid.NewGuid().ToString("N"), noId, ValidateResponse.Parser))).StatusCode);

        // A stream of three batches from two institutions.
        using (var call = gateway.Client.DuplexStreaming<ValidateRequest, ValidateResponse>(ValidateStream, ValidateResponse.Parser))
        {
            await call.WriteAsync(Request(DemoDataSet.Hospital1, Line("1", ValidDrug), Line("2", "XA10BAE056A00101010437")));
            await call.WriteAsync(Request(DemoDataSet.Hospital3, Line("1", ValidDrug)));
            await call.WriteAsync(Request(DemoDataSet.Hospital1, Line("1", ValidDrug, local: "")));
            await call.CompleteAsync();
            await foreach (var response in call.ReadAllAsync())
            {
                answered.Add(response);
            }
        }

        var after = await ScrapeAsync();

        Assert.Equal(4, Delta(before, after, "vgw_grpc_requests_total", ("method", Validate), ("code", "OK")));
        Assert.Equal(1, Delta(before, after, "vgw_grpc_requests_total", ("method", Validate), ("code", "INVALID_ARGUMENT")));
        Assert.Equal(1, Delta(before, after, "vgw_grpc_requests_total", ("method", Validate), ("code", "NOT_FOUND")));
        Assert.Equal(1, Delta(before, after, "vgw_grpc_requests_total", ("method", Validate), ("code", "UNAUTHENTICATED")));
        Assert.Equal(1, Delta(before, after, "vgw_grpc_requests_total", ("method", "unknown"), ("code", "UNIMPLEMENTED")));
        Assert.Equal(1, Delta(before, after, "vgw_grpc_requests_total", ("method", ValidateStream), ("code", "OK")));
        Assert.Equal(7, Delta(before, after, "vgw_grpc_request_duration_seconds_count", ("method", Validate)));
        Assert.Equal(7, Delta(before, after, "vgw_grpc_request_duration_seconds_bucket", ("method", Validate), ("le", "+Inf")));
        Assert.True(Delta(before, after, "vgw_grpc_request_duration_seconds_sum", ("method", Validate)) > 0);
        Assert.Equal("histogram", after.Types.GetValueOrDefault("vgw_grpc_stream_message_duration_seconds"));
        Assert.Equal(3, Delta(before, after, "vgw_grpc_stream_message_duration_seconds_count", ("method", ValidateStream)));
        Assert.Equal(3, Delta(before, after, "vgw_grpc_stream_message_duration_seconds_bucket", ("method", ValidateStream), ("le", "+Inf")));
        Assert.True(Delta(before, after, "vgw_grpc_stream_message_duration_seconds_sum", ("method", ValidateStream)) > 0);
        Assert.Equal(0, Delta(before, after, "vgw_grpc_stream_message_duration_seconds_count", ("method", Validate)));

        // Lines by verdict: what the answers said, each answer once (the replay is not counted again), and the known mix.
        Assert.Equal(6, answered.Count);
        var lines = answered.SelectMany(a => a.Lines).ToList();
        foreach (var (verdict, label) in new[] { (Verdict.Pass, "pass"), (Verdict.Warn, "warn"), (Verdict.Reject, "reject") })
        {
            Assert.Equal(lines.Count(l => l.Verdict == verdict), Delta(before, after, "vgw_lines_total", ("verdict", label)));
        }

        var byVerdict = (Delta(before, after, "vgw_lines_total", ("verdict", "pass")), Delta(before, after, "vgw_lines_total", ("verdict", "warn")), Delta(before, after, "vgw_lines_total", ("verdict", "reject")));
        Assert.True((4d, 1d, 6d) == byVerdict, byVerdict + ": " + string.Join("; ", answered.Select(a => string.Join(",", a.Lines.Select(l => l.Verdict + ":" + string.Join("+", l.Findings.Select(f => f.RuleId)))))));

        var findings = answered.SelectMany(a => a.Lines.SelectMany(l => l.Findings).Concat(a.Findings)).GroupBy(f => f.RuleId).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(
            ["LOCAL_CODE_MISSING", "NATIONAL_CODE_MALFORMED", "NATIONAL_CODE_MISSING", "NATIONAL_CODE_NOT_VALID_ON_DATE", "NATIONAL_CODE_UNKNOWN", "PRICE_OVER_LIMIT", "RESTRICTED_USE_UNAPPROVED"],
            findings.Keys.Order(StringComparer.Ordinal));
        foreach (var (rule, count) in findings)
        {
            Assert.Equal(count, Delta(before, after, "vgw_findings_total", ("rule_id", rule)));
        }

        var ruleSeries = after.Samples.Where(s => s.Name == "vgw_findings_total").ToList();
        Assert.All(ruleSeries, s => Assert.True(Core.Rules.RuleIds.TryParse(s.Label("rule_id"), out _), s.Label("rule_id")));
    }

    [Fact]
    public async Task Metrics_Scrape_HasEveryFamilyWithItsTypeAndHelp()
    {
        await ValidateAsync(Request(DemoDataSet.Hospital3, Line("1", ValidDrug)));
        var scrape = await ScrapeAsync();

        var expected = new Dictionary<string, string>
        {
            ["vgw_grpc_requests_total"] = "counter",
            ["vgw_grpc_request_duration_seconds"] = "histogram",
            ["vgw_lines_total"] = "counter",
            ["vgw_findings_total"] = "counter",
            ["vgw_actor_activations_total"] = "counter",
            ["vgw_actors_active"] = "gauge",
            ["vgw_catalog_info"] = "gauge",
            ["vgw_audit_queue_depth"] = "gauge",
            ["vgw_audit_commits_total"] = "counter",
            ["vgw_audit_records_total"] = "counter",
            ["vgw_build_info"] = "gauge",
            ["vgw_process_cpu_time_seconds_total"] = "counter",
            ["vgw_gc_collections_total"] = "counter",
            ["vgw_gc_allocated_bytes_total"] = "counter",
            ["vgw_gc_pause_time_seconds_total"] = "counter",
            ["vgw_threadpool_queue_length"] = "gauge",
        };
        foreach (var (name, type) in expected)
        {
            Assert.Equal(type, scrape.Types.GetValueOrDefault(name));
            Assert.False(string.IsNullOrWhiteSpace(scrape.Help.GetValueOrDefault(name)), name + " has no HELP");
        }

        Assert.Equal(1, scrape.Value("vgw_catalog_info", ("version", DemoDataSet.Version)));
        Assert.Single(scrape.Samples, s => s.Name == "vgw_catalog_info");
        Assert.Single(scrape.Samples, s => s.Name == "vgw_build_info" && s.Label("version").Length > 0 && s.Value == 1);
        Assert.True(scrape.Value("vgw_actors_active", ("kind", "institution")) >= 1);
        Assert.Equal(1, scrape.Value("vgw_actors_active", ("kind", "catalog")));
        Assert.True(scrape.Value("vgw_actor_activations_total", ("kind", "institution")) >= 1);
        Assert.True(scrape.Value("vgw_actor_activations_total", ("kind", "catalog")) >= 1);
        Assert.True(scrape.Value("vgw_audit_queue_depth") >= 0);
        Assert.Single(scrape.Samples, s => s.Name == "vgw_audit_queue_depth");
        // The Validate above was recorded before its answer left: at least one commit carrying at least one record.
        Assert.True(scrape.Value("vgw_audit_commits_total") >= 1);
        Assert.True(scrape.Value("vgw_audit_records_total") >= scrape.Value("vgw_audit_commits_total"));
        Assert.True(scrape.Value("vgw_process_cpu_time_seconds_total") > 0);
        Assert.True(scrape.Value("vgw_gc_allocated_bytes_total") > 0);
        Assert.Equal(["gen0", "gen1", "gen2"], scrape.Samples.Where(s => s.Name == "vgw_gc_collections_total").Select(s => s.Label("generation")).Order(StringComparer.Ordinal));

        var buckets = scrape.Samples.Where(s => s.Name == "vgw_grpc_request_duration_seconds_bucket" && s.Label("method") == Validate).Select(s => s.Label("le")).ToList();
        Assert.Equal(["0.0005", "0.001", "0.002", "0.003", "0.004", "0.005", "0.0075", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"], buckets);
    }

    [Fact]
    public async Task Metrics_AfterTrafficFromEveryInstitution_NoLabelCarriesAnInstitution()
    {
        foreach (var institution in new[] { DemoDataSet.Hospital3, DemoDataSet.Hospital2, DemoDataSet.Hospital1, DemoDataSet.Pharmacy })
        {
            await ValidateAsync(Request(institution, Line("1", ValidDrug), Line("2", "")));
        }

        var text = await GetTextAsync("/metrics");
        var scrape = PrometheusScrape.Parse(text);

        Assert.DoesNotContain(DemoDataSet.Hospital3, text, StringComparison.Ordinal);
        Assert.DoesNotContain(DemoDataSet.Pharmacy, text, StringComparison.Ordinal);
        Assert.All(scrape.Samples.SelectMany(s => s.Labels), label => Assert.DoesNotMatch(InstitutionCode(), label.Value));
        Assert.All(scrape.Samples.SelectMany(s => s.Labels.Keys), name =>
            Assert.Contains(name, BoundedLabels));
    }

    [Fact]
    public async Task Metrics_Scrape_PassesPromtoolCheckMetrics()
    {
        await ValidateAsync(Request(DemoDataSet.Hospital3, Line("1", ValidDrug), Line("2", "")));
        await gateway.Client.UnaryAsync(GrpcHealthService.CheckPath, new HealthCheckRequest(), HealthCheckResponse.Parser);
        var text = await GetTextAsync("/metrics");

        var (exitCode, output) = await Promtool.CheckMetricsAsync(text);

        Assert.True(exitCode == 0, $"promtool check metrics exited {exitCode}: {output}\n---\n{text}");
    }

    [Fact]
    public async Task Probes_WithCatalogLoaded_LiveAndReady()
    {
        Assert.Equal("ok", await GetTextAsync("/healthz"));
        Assert.Equal("ready: catalog " + DemoDataSet.Version, await GetTextAsync("/readyz"));
    }

    [GeneratedRegex(@"[HP]\d{11}")]
    private static partial Regex InstitutionCode();
}
