using ValidationGateway.Core.Catalog;
using ValidationGateway.Server.Catalog;
using ValidationGateway.Storage.Sqlite;

namespace ValidationGateway.Server.Tests.Catalog;

/// <summary>`vgw catalog diff` on two small versions whose differences are known row by row.</summary>
public sealed class CatalogDiffTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vgw-diff-").FullName;

    private string Store => Path.Combine(_dir, "vgw.db");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task ImportAsync(string version, string kind, string csv)
    {
        var file = Path.Combine(_dir, $"{version}-{kind}.csv");
        await File.WriteAllTextAsync(file, csv);
        var import = await CatalogCliRunner.VgwAsync(Store, "catalog", "import", "--version", version, "--kind", kind, "--file", file);
        Assert.True(import.Exit == 0, import.Err);
    }

    private async Task SeedTwoVersionsAsync()
    {
        await ImportAsync("v1", "drug", """
            med_list_codg,name,begndate,enddate,vali_flag,chrgitm_lv,lmt_used_flag
            XA11CCA351E002010101121,艾地骨化醇软胶囊,2024-01-01,,1,02,0
            ZD03AAA0043010100166,艾附暖宫丸,2024-01-01,,1,01,0
            XL02BGA045A001010101003,来曲唑片,2024-01-01,,1,02,0
            XA10BAE056A001010104377,二甲双胍片,2024-01-01,,1,01,0
            XJ01DCF180A001010100982,头孢呋辛片,2024-01-01,,1,02,1
            """);
        await ImportAsync("v1", "service", """
            med_list_codg,name,lv1_hosp_item_pric,lv2_hosp_item_pric,lv3_hosp_item_pric
            001102000010000,普通门诊诊查费,5,6.5,8
            001201000010000,静脉注射,3,4,5
            """);
        await CatalogCliRunner.VgwAsync(Store, "catalog", "publish", "--version", "v1");

        // Drugs: one renamed, one with a new end date and charge level, one removed, one unchanged, one with
        // vali_flag 0 and no longer restricted, two added. Services: one cap raised, one unchanged.
        await ImportAsync("v2", "drug", """
            med_list_codg,name,begndate,enddate,vali_flag,chrgitm_lv,lmt_used_flag
            XA11CCA351E002010101121,艾地骨化醇软胶囊（新名）,2024-01-01,,1,02,0
            ZD03AAA0043010100166,艾附暖宫丸,2024-01-01,2026-12-31,1,02,0
            XA10BAE056A001010104377,二甲双胍片,2024-01-01,,1,01,0
            XJ01DCF180A001010100982,头孢呋辛片,2024-01-01,,0,02,0
            XN05CFZ048A001010101736,唑吡坦片,2026-01-01,,1,02,0
            ZA04BAA0021010100372,六味地黄丸,2026-01-01,,1,01,0
            """);
        await ImportAsync("v2", "service", """
            med_list_codg,name,lv1_hosp_item_pric,lv2_hosp_item_pric,lv3_hosp_item_pric
            001102000010000,普通门诊诊查费,5,6.5,9
            001201000010000,静脉注射,3,4,5
            """);
    }

    [Fact]
    public async Task Compute_TwoVersions_CountsEveryAddedRemovedAndChangedRowByField()
    {
        await SeedTwoVersionsAsync();
        await using var store = await SqliteGatewayStore.OpenAsync(Store, TimeProvider.System, CancellationToken.None);
        var report = await CatalogDiff.ComputeAsync(store, "v1", "v2", examples: 1, CancellationToken.None);

        var drugs = report.Of(CatalogItemKind.Drug)!;
        Assert.Equal((2L, 1L, 3L, 1L), (drugs.Added, drugs.Removed, drugs.Changed, drugs.Unchanged));
        Assert.Equal(
            new Dictionary<CatalogFields, long> { [CatalogFields.Name] = 1, [CatalogFields.Dates] = 1, [CatalogFields.ValiFlag] = 1, [CatalogFields.ChargeLevel] = 1, [CatalogFields.Restricted] = 1 },
            drugs.ChangedFields);
        Assert.Single(drugs.AddedExamples);
        Assert.Equal("XL02BGA045A001010101003", Assert.Single(drugs.RemovedExamples).Before!.Code);
        Assert.NotNull(Assert.Single(drugs.ChangedExamples).Before);

        var services = report.Of(CatalogItemKind.Service)!;
        Assert.Equal((0L, 0L, 1L, 1L), (services.Added, services.Removed, services.Changed, services.Unchanged));
        Assert.Equal(new Dictionary<CatalogFields, long> { [CatalogFields.Caps] = 1 }, services.ChangedFields);
        Assert.Equal((2L, 1L, 4L), (report.Added, report.Removed, report.Changed));
    }

    [Fact]
    public async Task DiffCommand_TwoVersions_PrintsCountsAndExamplesAndExitsZero()
    {
        await SeedTwoVersionsAsync();
        var diff = await CatalogCliRunner.VgwAsync(Store, "catalog", "diff", "--from", "v1", "--to", "v2");
        Assert.True(diff.Exit == 0, diff.Err);
        Assert.Contains("catalog diff v1 → v2", diff.Out, StringComparison.Ordinal);
        Assert.Contains("艾地骨化醇软胶囊 → 艾地骨化醇软胶囊（新名）", diff.Out, StringComparison.Ordinal);
        Assert.Contains("enddate – → 2026-12-31", diff.Out, StringComparison.Ordinal);
        Assert.Contains("caps –/5/6.5/8 → –/5/6.5/9", diff.Out, StringComparison.Ordinal);
        Assert.Matches(@"drug\s+2\s+1\s+3\s+1", diff.Out);
    }

    [Fact]
    public async Task DiffCommand_UnknownVersion_IsAClearError()
    {
        await SeedTwoVersionsAsync();
        var diff = await CatalogCliRunner.VgwAsync(Store, "catalog", "diff", "--from", "v1", "--to", "v9");
        Assert.Equal(1, diff.Exit);
        Assert.Contains("catalog version 'v9' not found", diff.Err, StringComparison.Ordinal);
    }
}
