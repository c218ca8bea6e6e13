using System.Diagnostics;
using System.Text.Json;
using ValidationGateway.Server.Demo;
using ValidationGateway.Server.Tests.Support;

namespace ValidationGateway.Server.Tests.Interop;

/// <summary>The running gateway driven by the reference Node.js client, @grpc/grpc-js (tests/interop, installed by test.sh).</summary>
public sealed class GrpcJsInteropTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>, IDisposable
{
    private static readonly string Script = Path.Combine(RepoPaths.Root, "tests", "interop", "interop.mjs");

    public void Dispose() => Assert.Empty(gateway.Logs.Errors());

    private async Task<JsonElement> RunAsync(params string[] args)
    {
        Assert.True(Directory.Exists(Path.Combine(RepoPaths.Root, "tests", "interop", "node_modules", "@grpc", "grpc-js")),
            "tests/interop/node_modules is missing: run ./test.sh (it runs `npm ci` there)");
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Script);
        start.ArgumentList.Add(gateway.Host.GrpcAddress.Authority);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.ArgumentList.Add("--meta");
        start.ArgumentList.Add("authorization=Bearer " + gateway.AdminKey);

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        Assert.True(process.ExitCode == 0, $"interop.mjs exited {process.ExitCode}: {await stderr}");
        return JsonDocument.Parse(await stdout).RootElement;
    }

    private static string WriteJson(string json)
    {
        var path = Path.Combine(Path.GetTempPath(), "vgw-interop-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public async Task Unary_SampleBatch_AnswersEveryLineWithRuleIds()
    {
        var result = await RunAsync("unary", Path.Combine(RepoPaths.Root, "samples", "validate-request.json"));
        Assert.Equal(0, result.GetProperty("code").GetInt32());
        var response = result.GetProperty("response");
        Assert.Equal("sample-0001", response.GetProperty("request_id").GetString());
        Assert.Equal("VERDICT_REJECT", response.GetProperty("verdict").GetString());
        Assert.Equal(DemoDataSet.Version, response.GetProperty("catalog_version").GetString());
        var rules = response.GetProperty("lines").EnumerateArray()
            .Select(l => string.Join(",", l.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("rule_id").GetString())))
            .ToArray();
        // Line 3's local code HC0003 is an approved consumable mapping, so a missing national code means an uncoded consumable.
        Assert.Equal(["", "", "CONSUMABLE_CODE_MISSING", "NATIONAL_CODE_MALFORMED", "NATIONAL_CODE_UNKNOWN", "NATIONAL_CODE_NOT_VALID_ON_DATE"], rules);
        var missing = response.GetProperty("lines")[2].GetProperty("findings")[0];
        Assert.Equal("SEVERITY_ERROR", missing.GetProperty("severity").GetString());
        Assert.Equal("fee_details[2].med_list_codg", missing.GetProperty("field").GetString());
    }

    [Fact]
    public async Task BidiStream_SeveralBatches_AllAnsweredMatchedByRequestId()
    {
        var requests = Enumerable.Range(0, 10).Select(i => $$"""
            {"request_id":"js-{{i}}","fixmedins_code":"{{DemoDataSet.Hospital2}}","fee_details":[{"feedetl_sn":"1","fee_ocur_time":"2026-11-22 10:00:00","med_list_codg":"{{(i % 2 == 0 ? "XA10BAE056A001010104377" : "XA10BAE056A001010109999")}}","medins_list_codg":"HIS{{(i % 2 == 0 ? "XA10BAE056A001010104377" : "XA10BAE056A001010109999")}}","bilg_dr_codg":"D210102000001"}]}
            """);
        var file = WriteJson("[" + string.Join(",", requests) + "]");
        try
        {
            var result = await RunAsync("stream", file);
            Assert.Equal(0, result.GetProperty("code").GetInt32());
            var byId = result.GetProperty("responses").EnumerateArray().ToDictionary(r => r.GetProperty("request_id").GetString()!, r => r.GetProperty("verdict").GetString());
            Assert.Equal(10, byId.Count);
            for (var i = 0; i < 10; i++)
            {
                Assert.Equal(i % 2 == 0 ? "VERDICT_PASS" : "VERDICT_REJECT", byId[$"js-{i}"]);
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Error_UnknownCatalogVersion_ArrivesAsNotFoundWithChineseMessage()
    {
        var file = WriteJson($$"""{"request_id":"js-err","fixmedins_code":"{{DemoDataSet.Hospital3}}","catalog_version":"2099.01","fee_details":[{"feedetl_sn":"1","med_list_codg":"XA10BAE056A001010104377","medins_list_codg":"L1","fee_ocur_time":"2026-11-22 10:00:00"}]}""");
        try
        {
            var result = await RunAsync("error", file);
            Assert.Equal(5, result.GetProperty("code").GetInt32());
            Assert.Contains("目录版本“2099.01”不存在或未发布", result.GetProperty("details").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Deadline_OnAnOpenHealthWatch_IsDeadlineExceeded()
    {
        var result = await RunAsync("deadline");
        Assert.Equal(4, result.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Oversized_RequestOverServerLimit_IsResourceExhausted()
    {
        var result = await RunAsync("oversized", (GatewayFixture.MaxMessageSize + 1024).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(8, result.GetProperty("code").GetInt32());
        // And the server still answers afterwards.
        var health = await RunAsync("health");
        Assert.Equal("SERVING", health.GetProperty("status").GetString());
    }
}
