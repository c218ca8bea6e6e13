using ValidationGateway.Core.Catalog;
using ValidationGateway.Core.Codes;
using ValidationGateway.Core.Institutions;
using ValidationGateway.Core.Rules;
using ValidationGateway.Server.Demo;
using ValidationGateway.Storage.Files;
using ValidationGateway.Storage.Sqlite;

namespace ValidationGateway.Server.Tests.Catalog;

/// <summary>`vgw demo seed --scale F`: the generator's counts and code shapes, at 1/1000 through the CLI and at 1/10 in memory.</summary>
public sealed class NationalScaleTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vgw-scale-").FullName;

    private string Store => Path.Combine(_dir, "vgw.db");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task SeedScale_OneThousandth_ImportsPublishesAndReportsProgress()
    {
        var seed = await CatalogCliRunner.VgwAsync(Store, "demo", "seed", "--scale", "0.001", "--version", "small");
        Assert.True(seed.Exit == 0, seed.Err);
        Assert.Contains("rows/s", seed.Out, StringComparison.Ordinal);
        Assert.Contains("published small", seed.Out, StringComparison.Ordinal);

        await using var store = await SqliteGatewayStore.OpenAsync(Store, TimeProvider.System, CancellationToken.None);
        var version = await store.GetCurrentCatalogVersionAsync(CancellationToken.None);
        Assert.Equal("small", version!.Version);
        // 300 drug codes, 6 of them with a second period; 60 + 940 consumables; 20 services; 40 diagnoses; 1 disease.
        Assert.Equal(
            new Dictionary<CatalogItemKind, long> { [CatalogItemKind.Drug] = 306, [CatalogItemKind.Consumable] = 1_000, [CatalogItemKind.Service] = 20, [CatalogItemKind.Diagnosis] = 40, [CatalogItemKind.Disease] = 1 },
            version.ItemCounts.Where(k => k.Value > 0).ToDictionary());

        var codes = CodeFormatProfile.Default;
        var rows = new List<CatalogRow>();
        await foreach (var row in store.ReadCatalogRowsAsync("small", CancellationToken.None))
        {
            rows.Add(row);
        }

        Assert.Equal(1_361, rows.Select(r => r.Code).Distinct(StringComparer.Ordinal).Count());
        Assert.All(rows, row => Assert.True(codes.IsWellFormed(FamilyOf(row), row.Code), $"{row.Code} is not a well-formed {FamilyOf(row)}"));
        Assert.Contains(rows, r => r.Code.Length == 27);

        var institutions = await store.ListInstitutionsAsync(CancellationToken.None);
        Assert.Equal(2, institutions.Count);
        foreach (var institution in institutions)
        {
            Assert.True(codes.IsWellFormed(institution.Type == InstitutionType.Pharmacy ? CodeFamily.Pharmacy : CodeFamily.Hospital, institution.Code), institution.Code);
            var mappings = await store.GetMappingsAsync(institution.Code, CancellationToken.None);
            Assert.Equal(1_320, mappings.Count); // every drug, consumable and service code: fewer than 2,500 at this scale
            Assert.All(mappings, m => Assert.Contains(m.NationalCode, rows.Select(r => r.Code)));
            Assert.NotEmpty(await store.GetPractitionersAsync(institution.Code, CancellationToken.None));
        }

        // Knowledge points of every kind, on codes valid with no end date; `vgw rules export` gives them back for vgw-load --knowledge.
        var points = new List<KnowledgePoint>();
        await foreach (var point in store.ReadKnowledgePointsAsync("small", CancellationToken.None))
        {
            points.Add(point);
        }

        Assert.Equal(KnowledgePointFileParser.Rules.Order(), points.Select(p => p.Rule).Distinct().Order());
        var open = rows.Where(r => r.Valid && r.EndDate is null).Select(r => r.Code).ToHashSet(StringComparer.Ordinal);
        Assert.All(points, p => Assert.True(open.Contains(p.Code) && (p.CodeB.Length == 0 || open.Contains(p.CodeB)), $"{p} is on a code that is not open-ended and valid"));
        Assert.Contains($"{points.Count:N0} knowledge points", seed.Out, StringComparison.Ordinal);
        var rulesFile = Path.Combine(_dir, "rules.csv");
        var export = await CatalogCliRunner.VgwAsync(Store, "rules", "export", "--version", "small", "--file", rulesFile);
        Assert.True(export.Exit == 0, export.Err);
        Assert.Contains($"wrote {points.Count} knowledge points of small", export.Out, StringComparison.Ordinal);
        var exported = KnowledgePointFileParser.Parse(rulesFile);
        Assert.Empty(exported.Errors);
        Assert.Equal(points.OrderBy(p => p.Code, StringComparer.Ordinal).ThenBy(p => p.CodeB, StringComparer.Ordinal), exported.Rows.OrderBy(p => p.Code, StringComparer.Ordinal).ThenBy(p => p.CodeB, StringComparer.Ordinal));
        var missing = await CatalogCliRunner.VgwAsync(Store, "rules", "export", "--version", "nope", "--file", rulesFile);
        Assert.NotEqual(0, missing.Exit);
        Assert.Contains("catalog version 'nope' does not exist", missing.Err, StringComparison.Ordinal);

        var stats = await CatalogCliRunner.VgwAsync(Store, "catalog", "stats", "--version", "small", "--institutions");
        Assert.True(stats.Exit == 0, stats.Err);
        Assert.Contains("1,361 codes", stats.Out, StringComparison.Ordinal);
        Assert.Contains("bytes/code", stats.Out, StringComparison.Ordinal);
        Assert.Contains("with 2,640 mappings", stats.Out, StringComparison.Ordinal);
        Assert.Contains("bytes per code over 1,361 codes + 2,640 mappings", stats.Out, StringComparison.Ordinal);
        Assert.Contains("national goal", stats.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void DataSet_OneTenth_CodesAreUniqueAndWellFormed()
    {
        var data = new NationalScaleDataSet(0.1);
        var codes = CodeFormatProfile.Default;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var kind in NationalScaleDataSet.Kinds)
        {
            for (var i = 0; i < data.CodesOf(kind); i++)
            {
                var code = data.CodeOf(kind, i);
                Assert.True(seen.Add(code), $"{code} generated twice");
                var family = FamilyOf(new CatalogRow { Kind = kind, Code = code });
                if (!codes.IsWellFormed(family, code))
                {
                    Assert.Fail($"{code} is not a well-formed {family}");
                }
            }
        }

        Assert.Equal(136_050, seen.Count);
        var institutions = Enumerable.Range(0, data.Institutions).Select(NationalScaleDataSet.InstitutionAt).ToList();
        Assert.Equal(200, institutions.Select(i => i.Code).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(40, institutions.Count(i => i.Type == InstitutionType.Pharmacy));

        // 140 knowledge points at this scale, on generated codes, no code under two rules.
        var points = data.KnowledgePoints().ToList();
        Assert.Equal(140, points.Count);
        Assert.All(points, p => Assert.True(seen.Contains(p.Code) && (p.CodeB.Length == 0 || seen.Contains(p.CodeB)), p.ToString()));
        var rulesOfCode = points.SelectMany(p => new[] { (p.Code, p.Rule), (p.CodeB, p.Rule) }).Where(c => c.Item1.Length > 0)
            .GroupBy(c => c.Item1, StringComparer.Ordinal).Where(g => g.Select(c => c.Rule).Distinct().Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(rulesOfCode);
    }

    [Theory]
    [InlineData("national", 2_000)]
    [InlineData("0.5", 1_000)]
    public void Parse_NationalOrFactor_ScalesInstitutions(string scale, int institutions) =>
        Assert.Equal(institutions, NationalScaleDataSet.Parse(scale).Institutions);

    [Theory]
    [InlineData("huge")]
    [InlineData("0")]
    [InlineData("-1")]
    public async Task SeedScale_BadFactor_IsAClearError(string scale)
    {
        var seed = await CatalogCliRunner.VgwAsync(Store, "demo", "seed", "--scale", scale);
        Assert.Equal(1, seed.Exit);
        Assert.Contains("--scale must be", seed.Err, StringComparison.Ordinal);
    }

    private static CodeFamily FamilyOf(CatalogRow row) => row.Kind switch
    {
        CatalogItemKind.Drug => row.Code[0] == 'X' ? CodeFamily.WesternDrug : CodeFamily.PatentDrug,
        CatalogItemKind.Consumable => CodeFamily.Consumable,
        CatalogItemKind.Service => CodeFamily.ServiceItem,
        CatalogItemKind.Diagnosis => CodeFamily.Diagnosis,
        _ => CodeFamily.ChronicDisease,
    };
}
