using System.Globalization;
using System.Text.Json;
using ValidationGateway.Contracts.V1;
using ValidationGateway.Server.Demo;
using ValidationGateway.Server.Tests.Support;
using Xunit.Abstractions;

namespace ValidationGateway.Server.Tests.Admin;

/// <summary>
/// The admin pages in a real browser (headless Chromium from Debian, driven by tests/browser/admin-pages.mjs) after a
/// known mix of batches over gRPC: what a person sees must be exactly what the clients sent.
/// </summary>
[Collection(AdminTrafficGroup.Name)]
public sealed class AdminPagesBrowserTests(AdminTrafficFixture traffic, ITestOutputHelper output) : IDisposable
{
    public void Dispose() => Assert.Empty(traffic.Gateway.Logs.Errors());

    [Fact]
    public void KnownMix_AnswersAreWhatTheExpectedFiguresAssume()
    {
        // The expected rows are only meaningful if the gateway judged the lines as the fixture says.
        var first = traffic.Responses.Take(6).ToArray();
        var byInstitution = new[] { (DemoDataSet.Hospital3, first[..3]), (DemoDataSet.Hospital2, first[3..5]), (DemoDataSet.Pharmacy, first[5..]) };
        foreach (var (code, responses) in byInstitution)
        {
            var lines = responses.SelectMany(r => r.Lines).ToArray();
            var expected = AdminTrafficFixture.Rows[code];
            Assert.Equal((expected.Lines, expected.Pass, expected.Warn, expected.Reject),
                (lines.Length, lines.Count(l => l.Verdict == Verdict.Pass), lines.Count(l => l.Verdict == Verdict.Warn), lines.Count(l => l.Verdict == Verdict.Reject)));
        }

        Assert.Equal(traffic.Responses[1].RequestId, traffic.Responses[6].RequestId);
        Assert.Equal(traffic.Responses[1].Lines, traffic.Responses[6].Lines);
    }

    [Fact]
    public async Task Browser_OverviewChartAndNotice_ShowTheKnownMix()
    {
        var screenshots = Environment.GetEnvironmentVariable("VGW_SCREENSHOTS") is { Length: > 0 } dir
            ? dir
            : Path.Combine(RepoPaths.Root, "TestResults", "screenshots", "admin-pages");
        output.WriteLine("screenshots: " + screenshots);
        var date = traffic.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var result = await BrowserScript.RunAsync(output, "admin-pages.mjs", "--base", traffic.Gateway.Host.HttpAddress.ToString(), "--key", traffic.Gateway.AdminKey,
            "--date", date, "--institution", DemoDataSet.Hospital3, "--out", screenshots);

        // Login: redirected without a session, back on the overview after, cookie HttpOnly and SameSite=Strict.
        var login = result.GetProperty("login");
        Assert.Equal("/admin/login", login.GetProperty("redirectedTo").GetString());
        Assert.Equal("/admin?date=" + date, login.GetProperty("landedOn").GetString());
        Assert.True(login.GetProperty("cookie").GetProperty("httpOnly").GetBoolean());
        Assert.Equal("Strict", login.GetProperty("cookie").GetProperty("sameSite").GetString());

        // Overview: every institution, worst first, with exactly the figures sent.
        var overview = result.GetProperty("overview");
        Assert.Equal(date, overview.GetProperty("date").GetString());
        var rows = overview.GetProperty("rows").EnumerateArray().ToArray();
        Assert.Equal(AdminTrafficFixture.WorstFirst, rows.Select(r => r.GetProperty("code").GetString()));
        foreach (var row in rows)
        {
            var code = row.GetProperty("code").GetString()!;
            var e = AdminTrafficFixture.Rows[code];
            string Text(string column) => row.GetProperty(column).GetString()!;
            Assert.Equal(DemoDataSet.Institutions.Single(i => i.Code == code).Name, Text("name"));
            Assert.Equal(
                (N(e.Batches), N(e.Lines), N(e.Pass), N(e.Warn), N(e.Reject), e.Lines == 0 ? "—" : P(e.RejectShare), Y(e.AmountRejected), Y(e.AmountOverCap)),
                (Text("batches"), Text("lines"), Text("pass"), Text("warn"), Text("reject"), Text("reject_share"), Text("amount_rejected"), Text("amount_over_cap")));
            Assert.Equal(e.Lines == 0 ? "—" : P((double)e.ValidCode / e.Lines), Text("valid_code_share"));
        }

        Assert.Equal(["/admin/export?date=" + date + "&format=csv", "/admin/export?date=" + date + "&format=xlsx", "/admin/export?date=" + date + "&format=json"],
            overview.GetProperty("downloads").EnumerateArray().Select(d => d.GetString()));

        // Institution page: the chart is drawn, with today's bar matching the lines.
        var institution = result.GetProperty("institution");
        var chart = institution.GetProperty("chart");
        Assert.True(chart.GetProperty("width").GetDouble() > 400 && chart.GetProperty("height").GetDouble() > 150, chart.ToString());
        Assert.Equal(14, chart.GetProperty("days").GetInt32());
        var bars = chart.GetProperty("bars").EnumerateArray().Where(b => b.GetProperty("day").GetString() == date)
            .ToDictionary(b => b.GetProperty("kind").GetString()!, b => b.GetProperty("count").GetInt64());
        var h3 = AdminTrafficFixture.Rows[DemoDataSet.Hospital3];
        Assert.Equal(new Dictionary<string, long> { ["pass"] = h3.Pass, ["warn"] = h3.Warn, ["reject"] = h3.Reject }, bars);
        Assert.All(chart.GetProperty("bars").EnumerateArray(), b => Assert.True(b.GetProperty("height").GetDouble() > 0));
        Assert.Equal(1, chart.GetProperty("sharePoints").GetInt32());
        Assert.Equal(1, chart.GetProperty("shareLines").GetInt32());
        var findings = institution.GetProperty("findings").EnumerateArray().ToDictionary(f => f.GetProperty("rule").GetString()!, f => f.GetProperty("count").GetString()!);
        Assert.Equal(traffic.FindingsByRule(DemoDataSet.Hospital3).ToDictionary(p => p.Key, p => N(p.Value)), findings);
        Assert.Contains("PRICE_OVER_LIMIT", findings.Keys);
        Assert.Contains("RESTRICTED_USE_UNAPPROVED", findings.Keys);
        Assert.Contains(institution.GetProperty("findings").EnumerateArray(), f => f.GetProperty("text").GetString()!.StartsWith("本地编码未备案对照", StringComparison.Ordinal));
        Assert.Contains(institution.GetProperty("codes").EnumerateArray(), c => c.GetProperty("code").GetString() == "YP-NOT-MAPPED");

        // Notice: renders for the institution and the day, with its problems and the codes to fix, on one A4 page.
        var notice = result.GetProperty("notice");
        Assert.Equal("医保编码贯标问题点对点通报", notice.GetProperty("title").GetString());
        Assert.Equal(DemoDataSet.Institutions.Single(i => i.Code == DemoDataSet.Hospital3).Name, notice.GetProperty("institution").GetString());
        var summary = notice.GetProperty("summary").GetString()!;
        Assert.Contains($"费用明细 {h3.Lines} 条", summary, StringComparison.Ordinal);
        Assert.Contains($"拒付 {h3.Reject} 条（拒付率 {P(h3.RejectShare)}）", summary, StringComparison.Ordinal);
        Assert.Equal(findings, notice.GetProperty("findings").EnumerateArray().ToDictionary(f => f.GetProperty("rule").GetString()!, f => f.GetProperty("count").GetString()!));
        Assert.Contains(notice.GetProperty("codes").EnumerateArray(), c => c.GetProperty("code").GetString() == "YP-NOT-MAPPED" && c.GetProperty("action").GetString()!.Contains("3301", StringComparison.Ordinal));
        Assert.Equal(1, notice.GetProperty("pdfPages").GetInt32());

        // Logout ends the session; nothing was fetched from another origin; no script errors.
        Assert.Equal("/admin/login", result.GetProperty("logout").GetProperty("redirectedTo").GetString());
        Assert.Empty(result.GetProperty("externalRequests").EnumerateArray());
        Assert.Empty(result.GetProperty("consoleErrors").EnumerateArray());
        foreach (var file in result.GetProperty("screenshots").EnumerateArray())
        {
            Assert.True(new FileInfo(file.GetString()!).Length > 1000, file.GetString());
        }
    }

    private static string N(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    private static string P(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Y(decimal amount) => amount.ToString("#,0.00", CultureInfo.InvariantCulture);
}
