using System.Globalization;
using System.Text;
using System.Text.Json;
using ValidationGateway.Server.Demo;
using ValidationGateway.Server.Reports;

namespace ValidationGateway.Server.Tests.Admin;

/// <summary>The day's downloads from the overview page and `vgw report daily`, over the known mix.</summary>
[Collection(AdminTrafficGroup.Name)]
public sealed class ReportExportTests(AdminTrafficFixture traffic) : IDisposable
{
    private readonly AdminHttp _http = new(traffic.Gateway.Host.HttpAddress);

    private string Date => BusinessDay.Format(traffic.Day);

    public void Dispose()
    {
        _http.Dispose();
        Assert.Empty(traffic.Gateway.Logs.Errors());
    }

    private async Task<byte[]> DownloadAsync(string format)
    {
        await _http.LoginAsAdminAsync(traffic.Gateway.AdminKey);
        using var response = await _http.GetAsync($"/admin/export?date={Date}&format={format}");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"attachment; filename=\"report-{Date}.{format}\"", response.Content.Headers.ContentDisposition!.ToString());
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static List<Dictionary<string, string>> Csv(byte[] bytes)
    {
        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        Assert.Equal(DailyReportTable.Headers, header);
        return lines[1..].Select(l => header.Zip(l.Split(','), (h, v) => (h, v)).ToDictionary(p => p.h, p => p.v)).ToList();
    }

    [Fact]
    public async Task Csv_Download_HasBomHeaderAndEveryInstitution()
    {
        var rows = Csv(await DownloadAsync("csv"));
        Assert.Equal(DemoDataSet.Institutions.Select(i => i.Code).Order(StringComparer.Ordinal), rows.Select(r => r["fixmedins_code"]));
        Assert.All(rows, r => Assert.Equal(Date, r["date"]));
        Assert.Equal(DemoDataSet.Institutions.Single(i => i.Code == DemoDataSet.Hospital3).Name, rows.Single(r => r["fixmedins_code"] == DemoDataSet.Hospital3)["fixmedins_name"]);
        Assert.All(rows, r => Assert.True(decimal.TryParse(r["amount_total"], NumberStyles.Number, CultureInfo.InvariantCulture, out _)));
    }

    [Fact]
    public async Task Json_Download_IsAnArrayOfObjectsWithNumbers()
    {
        using var json = JsonDocument.Parse(await DownloadAsync("json"));
        var rows = json.RootElement.EnumerateArray().ToArray();
        Assert.Equal(DemoDataSet.Institutions.Count, rows.Length);
        foreach (var row in rows)
        {
            Assert.Equal(JsonValueKind.Number, row.GetProperty("lines").ValueKind);
            Assert.Equal(JsonValueKind.Number, row.GetProperty("valid_code_share").ValueKind);
            Assert.Equal(JsonValueKind.Object, row.GetProperty("findings_by_rule").ValueKind);
            Assert.Equal(JsonValueKind.Array, row.GetProperty("top_failing_local_codes").ValueKind);
        }
    }

    [Fact]
    public async Task Xlsx_Download_OpensWithOpenXmlNumbersAsNumbers()
    {
        var sheet = XlsxSheet.Read(await DownloadAsync("xlsx"));
        Assert.Equal(DailyReportTable.Headers, sheet[0].Select(c => c.Text));
        Assert.Equal(DemoDataSet.Institutions.Count + 1, sheet.Count);
        var lines = sheet[0].FindIndex(c => c.Text == "lines");
        var name = sheet[0].FindIndex(c => c.Text == "fixmedins_name");
        Assert.All(sheet.Skip(1), row => Assert.True(row[lines].IsNumber));
        Assert.All(sheet.Skip(1), row => Assert.False(row[name].IsNumber));
    }

    [Fact]
    public async Task AllFormats_ShowTheKnownMix()
    {
        var csv = Csv(await DownloadAsync("csv")).ToDictionary(r => r["fixmedins_code"]);
        using var json = JsonDocument.Parse(await DownloadAsync("json"));
        var jsonRows = json.RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("fixmedins_code").GetString()!);
        var sheet = XlsxSheet.Read(await DownloadAsync("xlsx"));
        var xlsx = sheet.Skip(1).ToDictionary(r => r[1].Text, r => sheet[0].Select((h, i) => (h.Text, r[i].Text)).ToDictionary(p => p.Item1, p => p.Item2));
        foreach (var (code, e) in AdminTrafficFixture.Rows)
        {
            var expected = new Dictionary<string, string>
            {
                ["batches"] = I(e.Batches), ["lines"] = I(e.Lines), ["lines_valid_national_code"] = I(e.ValidCode),
                ["lines_pass"] = I(e.Pass), ["lines_warn"] = I(e.Warn), ["lines_reject"] = I(e.Reject),
                ["amount_total"] = M(e.AmountTotal), ["amount_rejected"] = M(e.AmountRejected), ["amount_over_cap"] = M(e.AmountOverCap),
                ["reject_share"] = S(e.RejectShare),
            };
            foreach (var (column, value) in expected)
            {
                Assert.True(value == csv[code][column], $"csv {code} {column}: expected {value}, got {csv[code][column]}");
                Assert.True(decimal.Parse(value, CultureInfo.InvariantCulture) == jsonRows[code].GetProperty(column).GetDecimal(), $"json {code} {column}");
                Assert.True(decimal.Parse(value, CultureInfo.InvariantCulture) == decimal.Parse(xlsx[code][column], CultureInfo.InvariantCulture), $"xlsx {code} {column}");
            }

            var findings = jsonRows[code].GetProperty("findings_by_rule").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
            Assert.Equal(traffic.FindingsByRule(code).Where(p => p.Value > 0).OrderBy(p => p.Key, StringComparer.Ordinal), findings.OrderBy(p => p.Key, StringComparer.Ordinal));
        }
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("json")]
    [InlineData("xlsx")]
    public async Task Cli_ReportDaily_SameBytesAsThePageDownload(string format)
    {
        var page = await DownloadAsync(format);
        var file = Path.Combine(Path.GetTempPath(), "vgw-report-" + Guid.NewGuid().ToString("N") + "." + format);
        try
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            var exit = await Program.RunAsync(["report", "daily", "--date", Date, "--format", format, "--out", file, "--store", traffic.Gateway.StorePath], output, error, CancellationToken.None);
            Assert.True(exit == 0, error.ToString());
            Assert.Contains(file, output.ToString(), StringComparison.Ordinal);
            Assert.Equal(page, await File.ReadAllBytesAsync(file));
        }
        finally
        {
            File.Delete(file);
        }

        if (format != "xlsx")
        {
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            var exit = await Program.RunAsync(["report", "daily", "--date", Date, "--format", format, "--store", traffic.Gateway.StorePath], stdout, stderr, CancellationToken.None);
            Assert.True(exit == 0, stderr.ToString());
            Assert.Equal(page, Encoding.UTF8.GetBytes(stdout.ToString()));
        }
    }

    [Fact]
    public async Task Cli_ReportDaily_BadDate_FailsWithAMessage()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await Program.RunAsync(["report", "daily", "--date", "2026-13-01", "--store", traffic.Gateway.StorePath], output, error, CancellationToken.None);
        Assert.Equal(1, exit);
        Assert.Contains("--date '2026-13-01'", error.ToString(), StringComparison.Ordinal);
    }

    private static string I(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string M(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string S(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);
}
