extern alias loadtest;

using System.Text;
using System.Text.Json;
using loadtest::ValidationGateway.LoadTest.Cli;
using loadtest::ValidationGateway.LoadTest.Running;
using ValidationGateway.Contracts.V1;
using ValidationGateway.Server.Demo;
using ValidationGateway.Server.Services;
using ValidationGateway.Server.Tests.Support;
using static ValidationGateway.Server.Tests.Support.Batches;

namespace ValidationGateway.Server.Tests.LoadTool;

/// <summary>
/// vgw-load against a real gateway over loopback gRPC: every injected fault comes back with its rule, every clean line
/// passes, and the answers add up to what the gateway's own audit trail recorded (its compliance report).
/// </summary>
public sealed class LoadToolAgainstGatewayTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>, IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("vgw-load-test-").FullName;

    public void Dispose()
    {
        Directory.Delete(_out, recursive: true);
        Assert.Empty(gateway.Logs.Errors());
    }

    private async Task<(int Exit, JsonElement Result, string Output)> RunAsync(string key, string[] args, Func<Task>? whenAuditRead = null)
    {
        var errors = new List<string>();
        var today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime);
        var options = OptionsParser.Parse(
            [.. args, "--target", gateway.Host.GrpcAddress.ToString(), "--key", key, "--out", _out, "--warmup", "0.5s", "--drain", "30s"], today, errors);
        Assert.Empty(errors);
        var output = new SignallingWriter("audit trail before the run");
        var run = new LoadRunner(options, output, output, terminal: false).RunAsync(CancellationToken.None);
        if (whenAuditRead is not null)
        {
            await output.Seen.Task.WaitAsync(TimeSpan.FromMinutes(1));
            await whenAuditRead();
        }

        var exit = await run;
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_out, "result.json")));
        return (exit, json.RootElement.Clone(), output.ToString());
    }

    private static long Sum(JsonElement audit, string total) =>
        audit.GetProperty("rows").EnumerateArray().Where(r => r.GetProperty("total").GetString() == total).Sum(r => r.GetProperty("gateway").GetInt64());

    [Theory]
    [InlineData("unary", "h2")]
    [InlineData("stream", "h2")]
    [InlineData("unary", "httpclient")]
    [InlineData("stream", "httpclient")]
    public async Task OpenLoop_AllFaultKinds_EveryFaultCaughtAndTheAuditTrailHoldsExactlyTheAnswers(string call, string client)
    {
        var metricsPage = new Uri(gateway.Host.HttpAddress, "/metrics").ToString();
        var (exit, result, output) = await RunAsync(gateway.AdminKey, ["--rate", "150", "--duration", "2s", "--call", call, "--client", client, "--gateway-metrics", metricsPage]);

        Assert.True(exit == 0, output);
        Assert.Equal(client, result.GetProperty("client").GetString());
        Assert.Equal(0, result.GetProperty("failed").GetInt64());
        var correctness = result.GetProperty("correctness");
        Assert.True(correctness.GetProperty("all_correct").GetBoolean(), output);
        // The default mix injects faults of many kinds; each must have been sent and caught.
        var faults = correctness.GetProperty("rows").EnumerateArray().Where(r => r.GetProperty("fault").GetString() != "(clean)").ToList();
        Assert.True(faults.Count >= 8, output);
        Assert.All(faults, r => Assert.Equal(r.GetProperty("lines").GetInt64(), r.GetProperty("caught").GetInt64()));

        var audit = result.GetProperty("audit");
        Assert.Equal("matched", audit.GetProperty("status").GetString());
        Assert.All(audit.GetProperty("rows").EnumerateArray(), r => Assert.True(r.GetProperty("matches").GetBoolean()));
        // Warm-up and measured calls, every one recorded: at least the measured phase's answers.
        Assert.True(Sum(audit, "batches") >= result.GetProperty("completed").GetInt64(), output);
        Assert.True(Sum(audit, "lines_reject") > 0, output);
        Assert.Contains("audit trail matched", output, StringComparison.Ordinal);
        Assert.True(result.GetProperty("generator").GetProperty("cpu_percent_of_one_core").GetDouble() > 0, output);

        // The gateway's own histogram over the run: at least the measured calls (or stream messages), and a p99 bound.
        var own = result.GetProperty("gateway_latency");
        Assert.True(own.GetProperty("calls").GetInt64() >= result.GetProperty("completed").GetInt64(), output);
        Assert.True(own.GetProperty("p99_le_ms").GetDouble() > 0, output);
        Assert.Contains("gateway    p50 ≤ ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenLoop_AnotherClientSendsABatchDuringTheRun_AuditDiffersAndTheRunFails()
    {
        var (exit, result, output) = await RunAsync(gateway.AdminKey, ["--rate", "100", "--duration", "2s", "--institutions", DemoDataSet.Hospital2], async () =>
        {
            var extra = Request(DemoDataSet.Hospital2, Line("1", ValidDrug), Line("2", ""));
            await gateway.Client.UnaryAsync(ValidationGrpcService.ValidatePath, extra, ValidateResponse.Parser);
        });

        Assert.Equal(1, exit);
        Assert.True(result.GetProperty("correctness").GetProperty("all_correct").GetBoolean(), output);
        var audit = result.GetProperty("audit");
        Assert.Equal("differs", audit.GetProperty("status").GetString());
        var rows = audit.GetProperty("rows").EnumerateArray().Where(r => !r.GetProperty("matches").GetBoolean())
            .ToDictionary(r => r.GetProperty("total").GetString()!, r => r.GetProperty("gateway").GetInt64() - r.GetProperty("answered").GetInt64());
        Assert.Equal(1, rows["batches"]);
        Assert.Equal(2, rows["lines"]);
        Assert.Equal(1, rows["findings NATIONAL_CODE_MISSING"]);
        Assert.Contains("other clients sent traffic for these institutions", audit.GetProperty("note").GetString(), StringComparison.Ordinal);
        Assert.Contains("audit trail DIFFERS", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InstitutionKey_CannotReadReports_RunSucceedsUnreconciledAndSaysWhy()
    {
        var key = await gateway.IssueKeyAsync(DemoDataSet.Hospital1);

        var (exit, result, output) = await RunAsync(key, ["--rate", "50", "--duration", "1s", "--institutions", DemoDataSet.Hospital1]);

        Assert.True(exit == 0, output);
        var audit = result.GetProperty("audit");
        Assert.Equal("skipped", audit.GetProperty("status").GetString());
        Assert.Contains("an administrator key can", audit.GetProperty("note").GetString(), StringComparison.Ordinal);
        Assert.Contains("audit trail not compared", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("h2")]
    [InlineData("httpclient")]
    public async Task ClosedLoop_MoreCallsThanTheConnectionsHaveStreams_OpensExactlyTheConnectionsAskedFor(string client)
    {
        // 300 workers on 2 connections: 150 calls each against Kestrel's 100 streams. A shared handler with multiple
        // HTTP/2 connections opened more connections here; the tool must keep to --connections and queue instead
        // (its own client waits for a free stream: SETTINGS_MAX_CONCURRENT_STREAMS).
        var (exit, result, output) = await RunAsync(gateway.AdminKey, ["--concurrency", "300", "--connections", "2", "--duration", "1s", "--faults", "none", "--client", client]);

        Assert.True(exit == 0, output);
        Assert.True(result.GetProperty("completed").GetInt64() > 300, output);
        Assert.Equal(2, result.GetProperty("connections_opened").GetInt32());
    }

    /// <summary>Collects the tool's output and completes <see cref="Seen"/> once a line containing a marker is written.</summary>
    private sealed class SignallingWriter(string marker) : StringWriter(new StringBuilder())
    {
        public TaskCompletionSource Seen { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override Task WriteLineAsync(string? value)
        {
            lock (this)
            {
                base.WriteLine(value);
            }

            if (value?.Contains(marker, StringComparison.Ordinal) == true)
            {
                Seen.TrySetResult();
            }

            return Task.CompletedTask;
        }

        public override void WriteLine(string? value) => WriteLineAsync(value);

        public override Task WriteAsync(string? value)
        {
            lock (this)
            {
                base.Write(value);
            }

            return Task.CompletedTask;
        }

        public override string ToString()
        {
            lock (this)
            {
                return base.ToString();
            }
        }
    }
}
