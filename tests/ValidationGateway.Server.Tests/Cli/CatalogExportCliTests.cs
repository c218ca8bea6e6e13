using ValidationGateway.Core.Catalog;
using ValidationGateway.Server.Tests.Support;
using ValidationGateway.Storage.Sqlite;

namespace ValidationGateway.Server.Tests.Cli;

/// <summary>`vgw catalog export`: a version's rows in the import format, read back unchanged by `vgw catalog import`.</summary>
public sealed class CatalogExportCliTests : CliTestBase
{
    private const string Drugs = """"
        med_list_codg,name,begndate,enddate,vali_flag,chrgitm_lv,lmt_used_flag,pric_uplmt_amt,lv1_hosp_item_pric,lv2_hosp_item_pric,lv3_hosp_item_pric
        XA11CCA351E002010101121,"艾地骨化醇软胶囊, 0.5μg",2020-01-01,2024-12-31,1,03,1,10.5,,,
        XA11CCA351E002010101121,"艾地骨化醇软胶囊, 0.5μg",2025-01-01,,1,02,0,12,,,
        ZD03AAA0043010100166,"艾附暖宫丸 ""大蜜丸""",,,0,01,0,,8,9.5,11
        """";

    private async Task<List<CatalogRow>> RowsAsync(string version)
    {
        await using var store = await SqliteGatewayStore.OpenAsync(Store, TimeProvider.System, CancellationToken.None);
        var rows = new List<CatalogRow>();
        await foreach (var row in store.ReadCatalogRowsAsync(version, CancellationToken.None))
        {
            rows.Add(row);
        }

        return [.. rows.OrderBy(r => r.Kind).ThenBy(r => r.Code, StringComparer.Ordinal).ThenBy(r => r.BeginDate)];
    }

    [Fact]
    public async Task Export_ThenImportIntoAnotherVersion_SameRows()
    {
        Assert.Equal(0, (await VgwAsync("catalog", "import", "--version", "a", "--kind", "drug", "--file", WriteFile("drugs.csv", Drugs))).Exit);
        Assert.Equal(0, (await VgwAsync("catalog", "import", "--version", "a", "--kind", "herb", "--file", WriteFile("herbs.csv", "med_list_codg,name\nT001700643,当归\n"))).Exit);
        var file = Path.Combine(Directory, "a-drugs.csv");

        var export = await VgwAsync("catalog", "export", "--version", "a", "--kind", "drug", "--file", file);

        Assert.True(export.Exit == 0, export.Err);
        Assert.Contains("wrote 3 rows of a (drug) to", export.Out, StringComparison.Ordinal);
        var lines = File.ReadAllLines(file);
        Assert.Equal("med_list_codg,name,begndate,enddate,vali_flag,chrgitm_lv,lmt_used_flag,pric_uplmt_amt,lv1_hosp_item_pric,lv2_hosp_item_pric,lv3_hosp_item_pric", lines[0]);
        Assert.Contains("ZD03AAA0043010100166,\"艾附暖宫丸 \"\"大蜜丸\"\"\",,,0,01,0,,8,9.5,11", lines);
        Assert.False(File.Exists(file + ".part"));

        var import = await VgwAsync("catalog", "import", "--version", "b", "--kind", "drug", "--file", file);
        Assert.True(import.Exit == 0, import.Err);
        Assert.Equal((await RowsAsync("a")).Where(r => r.Kind == CatalogItemKind.Drug), await RowsAsync("b"));
    }

    [Fact]
    public async Task Export_EveryKindByDefault()
    {
        Assert.Equal(0, (await VgwAsync("catalog", "import", "--version", "a", "--kind", "drug", "--file", WriteFile("drugs.csv", Drugs))).Exit);
        Assert.Equal(0, (await VgwAsync("catalog", "import", "--version", "a", "--kind", "herb", "--file", WriteFile("herbs.csv", "med_list_codg,name\nT001700643,当归\n"))).Exit);
        var file = Path.Combine(Directory, "a.csv");

        var export = await VgwAsync("catalog", "export", "--version", "a", "--file", file);

        Assert.True(export.Exit == 0, export.Err);
        Assert.Contains("wrote 4 rows of a to", export.Out, StringComparison.Ordinal);
        Assert.Contains("T001700643,当归,,,1,,0,,,,", File.ReadAllLines(file));
    }

    [Fact]
    public async Task Export_UnknownVersion_ClearErrorAndNoFile()
    {
        var file = Path.Combine(Directory, "none.csv");

        var export = await VgwAsync("catalog", "export", "--version", "nope", "--file", file);

        Assert.NotEqual(0, export.Exit);
        Assert.Contains("catalog version 'nope' does not exist", export.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(file));
        Assert.False(File.Exists(file + ".part"));
    }
}
