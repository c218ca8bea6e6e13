using System.Globalization;
using System.Text;
using ValidationGateway.Core.Catalog;
using ValidationGateway.Server.Tests.Support;
using ValidationGateway.Storage.Sqlite;

namespace ValidationGateway.Server.Tests.Cli;

/// <summary>`vgw catalog import --base` (delta imports) and the import's progress output when redirected.</summary>
public sealed class CatalogDeltaCliTests : CliTestBase
{
    private const string Header = "med_list_codg,name,begndate,enddate,vali_flag,chrgitm_lv,pric_uplmt_amt";

    private async Task PublishBaseAsync()
    {
        var drugs = WriteFile("base-drugs.csv", Header + "\n" +
            "XA11CCA351E002010101121,艾地骨化醇软胶囊,2024-01-01,,1,02,10.00\n" +
            "ZD03AAA0043010100166,艾附暖宫丸,2024-01-01,,1,01,35.50\n" +
            "XL02BGA045A001010101003,来曲唑片,2024-01-01,,1,02,20\n" +
            "XR05CAA001A001010101001,氨溴索,,,1,01,\n");
        var herbs = WriteFile("base-herbs.csv", "med_list_codg,name\nT001700643,当归\n");
        Assert.Equal(0, (await VgwAsync("catalog", "import", "--version", "2026.11", "--kind", "drug", "--file", drugs)).Exit);
        Assert.Equal(0, (await VgwAsync("catalog", "import", "--version", "2026.11", "--kind", "herb", "--file", herbs)).Exit);
        var publish = await VgwAsync("catalog", "publish", "--version", "2026.11");
        Assert.True(publish.Exit == 0, publish.Err);
    }

    private string WriteDelta() => WriteFile("delta-1301.csv", Header + "\n" +
        "XA11CCA351E002010101121,艾地骨化醇软胶囊,2024-01-01,2026-12-31,1,02,10.00\n" +   // changed (enddate)
        "ZD03AAA0043010100166,艾附暖宫丸,2024-01-01,,0,01,35.50\n" +                     // invalidated
        "XL02BGA045A001010101003,来曲唑片,2024-01-01,,1,02,20.00\n" +                      // unchanged (20 = 20.00)
        "XN06BXA123A001010101001,新药,2026-12-01,,1,02,8\n");                            // added

    [Fact]
    public async Task CatalogImportWithBase_NewVersion_PrintsCountsAndBuildsTheDraftFromTheBase()
    {
        await PublishBaseAsync();

        var import = await VgwAsync("catalog", "import", "--version", "2026.12", "--kind", "drug", "--file", WriteDelta(), "--base", "2026.11");

        Assert.True(import.Exit == 0, import.Err);
        Assert.Contains("created draft version 2026.12 as a copy of 2026.11", import.Out, StringComparison.Ordinal);
        Assert.Contains("applied 4 delta rows to drug of 2026.11: added 1, changed 1, invalidated 1, unchanged 1", import.Out, StringComparison.Ordinal);
        Assert.Contains("draft version 2026.12 now has 5 drug rows", import.Out, StringComparison.Ordinal);

        var rows = await ReadRowsAsync("2026.12");
        Assert.Equal(6, rows.Count);
        Assert.False(Assert.Single(rows, r => r.Code == "ZD03AAA0043010100166").Valid);
        Assert.Equal(new DateOnly(2026, 12, 31), Assert.Single(rows, r => r.Code == "XA11CCA351E002010101121").EndDate);
        Assert.Single(rows, r => r.Kind == CatalogItemKind.Herb && r.Code == "T001700643");
        Assert.True((await ReadRowsAsync("2026.11")).All(r => r.Valid));
    }

    [Fact]
    public async Task CatalogImportWithBase_SameDeltaAgain_SameCountsAndRows()
    {
        await PublishBaseAsync();
        var delta = WriteDelta();
        var first = await VgwAsync("catalog", "import", "--version", "2026.12", "--kind", "drug", "--file", delta, "--base", "2026.11");
        Assert.True(first.Exit == 0, first.Err);
        var rowsAfterFirst = await ReadRowsAsync("2026.12");

        var again = await VgwAsync("catalog", "import", "--version", "2026.12", "--kind", "drug", "--file", delta, "--base", "2026.11");

        Assert.True(again.Exit == 0, again.Err);
        Assert.DoesNotContain("created draft version", again.Out, StringComparison.Ordinal);
        Assert.Contains("added 1, changed 1, invalidated 1, unchanged 1", again.Out, StringComparison.Ordinal);
        Assert.Equal(
            rowsAfterFirst.OrderBy(r => r.Code, StringComparer.Ordinal),
            (await ReadRowsAsync("2026.12")).OrderBy(r => r.Code, StringComparer.Ordinal));
    }

    [Fact]
    public async Task CatalogImportWithBase_UnknownBase_FailsNamingItAndCreatesNothing()
    {
        var import = await VgwAsync("catalog", "import", "--version", "2026.12", "--kind", "drug", "--file", WriteDelta(), "--base", "2026.10");

        Assert.Equal(1, import.Exit);
        Assert.Contains("error: Base catalog version '2026.10' does not exist", import.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("2026.12", (await VgwAsync("catalog", "list")).Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CatalogImportWithBase_BaseIsTheVersionOrTargetIsPublished_Refused()
    {
        await PublishBaseAsync();

        var same = await VgwAsync("catalog", "import", "--version", "2026.11", "--kind", "drug", "--file", WriteDelta(), "--base", "2026.11");
        var published = await VgwAsync("catalog", "import", "--version", "2026.11", "--kind", "drug", "--file", WriteDelta(), "--base", "2026.10");
        Assert.Equal(0, (await VgwAsync("catalog", "import", "--version", "2026.12", "--kind", "drug", "--file", WriteDelta(), "--base", "2026.11")).Exit);
        Assert.Equal(0, (await VgwAsync("catalog", "publish", "--version", "2026.12")).Exit);
        var intoPublished = await VgwAsync("catalog", "import", "--version", "2026.12", "--kind", "drug", "--file", WriteDelta(), "--base", "2026.11");

        Assert.Equal(1, same.Exit);
        Assert.Contains("--base must name another version than --version", same.Err, StringComparison.Ordinal);
        Assert.Equal(1, published.Exit);
        Assert.Equal(1, intoPublished.Exit);
        Assert.Contains("'2026.12' is published and can no longer change", intoPublished.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CatalogImportWithBase_BadDelta_ReportsEveryErrorAndWritesNothing()
    {
        await PublishBaseAsync();
        var file = WriteFile("bad-delta.csv", Header + "\n" +
            "XA11CCA351E002010101121,ok,2024-01-01,,1,02,10.00\n" +
            "ZD03AAA0043010100166,bad flag,2024-01-01,,7,01,35.50\n" +
            "XN06BXA123A001010101001,新药,2026-12-01,,1,02,8\n" +
            "XN06BXA123A001010101001,again,2026-12-01,,1,02,-8\n");

        var import = await VgwAsync("catalog", "import", "--version", "2026.12", "--kind", "drug", "--file", file, "--base", "2026.11");

        Assert.Equal(1, import.Exit);
        Assert.Contains("bad-delta.csv:3:vali_flag", import.Err, StringComparison.Ordinal);
        Assert.Contains("bad-delta.csv:5:med_list_codg: code 'XN06BXA123A001010101001' with begndate 2026-12-01 appears twice, in rows 4 and 5", import.Err, StringComparison.Ordinal);
        Assert.Contains("bad-delta.csv:5:pric_uplmt_amt", import.Err, StringComparison.Ordinal);
        Assert.Contains("error: 3 error(s) in", import.Err, StringComparison.Ordinal);
        Assert.Contains("nothing was written", import.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("2026.12", (await VgwAsync("catalog", "list")).Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CatalogImport_OutputRedirected_PrintsPlainProgressLinesOnStandardError()
    {
        const int Rows = 40_000;
        var path = Path.Combine(Directory, "drugs.csv");
        using (var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
        {
            await writer.WriteLineAsync(Header);
            for (var i = 0; i < Rows; i++)
            {
                await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"X{i:D22},药品{i},2024-01-01,,1,02,12.34"));
            }
        }

        var import = await VgwAsync("catalog", "import", "--version", "2026.12", "--kind", "drug", "--file", path);

        Assert.True(import.Exit == 0, import.Err);
        Assert.DoesNotContain('\r', import.Err);
        Assert.DoesNotContain("rows/s", import.Out, StringComparison.Ordinal);
        var lines = import.Err.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, line => Assert.Matches(@"^drugs\.csv: +\d+\.\d% of \d+\.\d MiB, [\d,]+ rows, [\d,]+ rows/s, (ETA \d+:\d\d|read in \d+:\d\d; writing to the store…)$", line));
        Assert.True(lines.Length >= 3, import.Err);
        var percents = lines.Select(l => double.Parse(l.Split(':')[1].Split('%')[0], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(percents.Order(), percents);
        Assert.StartsWith("drugs.csv: 100.0% of ", lines[^1], StringComparison.Ordinal);
        Assert.Contains($"{Rows:N0} rows", lines[^1], StringComparison.Ordinal);
        Assert.Contains($"imported {Rows:N0} drug rows", import.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CatalogImportHelp_DescribesBase()
    {
        var help = await VgwAsync("catalog", "import", "--help");

        Assert.Contains("--base", help.Out, StringComparison.Ordinal);
        Assert.Contains("Delta import", help.Out, StringComparison.Ordinal);
    }

    private async Task<List<CatalogRow>> ReadRowsAsync(string version)
    {
        await using var store = await SqliteGatewayStore.OpenAsync(Store, TimeProvider.System, CancellationToken.None);
        var rows = new List<CatalogRow>();
        await foreach (var row in store.ReadCatalogRowsAsync(version, CancellationToken.None))
        {
            rows.Add(row);
        }

        return rows;
    }
}
