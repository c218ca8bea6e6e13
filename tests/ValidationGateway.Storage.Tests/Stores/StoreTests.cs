using System.Globalization;
using ValidationGateway.Core.Catalog;
using ValidationGateway.Core.Institutions;
using ValidationGateway.Storage.Tests.TestSupport;

namespace ValidationGateway.Storage.Tests.Stores;

/// <summary>
/// The store suite: every test runs against each store through a derived class (<see cref="SqliteStoreTests"/>,
/// <see cref="PostgresStoreTests"/>), which only says how to create an empty migrated store.
/// </summary>
public abstract partial class StoreTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>A fresh, migrated, empty store on a manual clock at <see cref="StoreScope.Start"/>.</summary>
    private protected abstract Task<IStoreScope> CreateScopeAsync();

    private static CatalogRow FullRow(string code) => new()
    {
        Kind = CatalogItemKind.Service,
        Code = code,
        Name = "普通门诊诊查费",
        BeginDate = new DateOnly(2021, 1, 1),
        EndDate = new DateOnly(2099, 12, 31),
        Valid = false,
        ChargeLevel = "02",
        RestrictedUse = true,
        PriceCap = 12.50m,
        Level1Price = 0.000001m,
        Level2Price = 123456789012345.12m,
        Level3Price = 0m,
    };

    [Fact]
    public async Task ReplaceCatalogRowsAsync_NewVersion_CreatesDraftAndReadsRowsBackExactly()
    {
        await using var scope = await CreateScopeAsync();
        CatalogRow[] rows =
        [
            FullRow("001102000010000"),
            new() { Kind = CatalogItemKind.Service, Code = "001102000010000-110200001" },
            FullRow("110200002a") with { BeginDate = null, EndDate = null, PriceCap = null, Level1Price = null, ChargeLevel = "" },
        ];

        var written = await scope.Store.ReplaceCatalogRowsAsync("2026.11.1", CatalogItemKind.Service, rows, None);

        Assert.Equal(3, written);
        var read = await ReadAllAsync(scope, "2026.11.1");
        Assert.Equal(rows.OrderBy(r => r.Code, StringComparer.Ordinal), read.OrderBy(r => r.Code, StringComparer.Ordinal));
        var full = read.Single(r => r.Code == "001102000010000");
        Assert.Equal("12.50", full.PriceCap!.Value.ToString(CultureInfo.InvariantCulture));
        Assert.Equal("0.000001", full.Level1Price!.Value.ToString(CultureInfo.InvariantCulture));
        Assert.Equal("123456789012345.12", full.Level2Price!.Value.ToString(CultureInfo.InvariantCulture));
        Assert.Equal("12.50", await scope.TextAsync("SELECT pric_uplmt_amt FROM catalog_items WHERE code = '001102000010000'"));
        Assert.Equal("2021-01-01", await scope.TextAsync("SELECT begndate FROM catalog_items WHERE code = '001102000010000'"));

        var version = await scope.Store.GetCatalogVersionAsync("2026.11.1", None);
        Assert.NotNull(version);
        Assert.Equal(CatalogVersionState.Draft, version.State);
        Assert.False(version.IsCurrent);
        Assert.Equal(StoreScope.Start, version.CreatedAt);
        Assert.Null(version.PublishedAt);
        Assert.Equal(3, version.ItemCounts[CatalogItemKind.Service]);
    }

    [Fact]
    public async Task ReplaceCatalogRowsAsync_SameKindAgain_ReplacesOnlyThatKind()
    {
        await using var scope = await CreateScopeAsync();
        await scope.ImportAsync("v1", CatalogItemKind.Drug, "XA11CCA351E002010101121", "ZD03AAA0043010100166");
        await scope.ImportAsync("v1", CatalogItemKind.Consumable, "C0101010010100103941");

        await scope.ImportAsync("v1", CatalogItemKind.Drug, "XL02BGA045A001010101003");

        var codes = (await ReadAllAsync(scope, "v1")).Select(r => r.Code).Order(StringComparer.Ordinal);
        Assert.Equal(["C0101010010100103941", "XL02BGA045A001010101003"], codes);
    }

    [Fact]
    public async Task ReplaceCatalogRowsAsync_PublishedVersion_ThrowsConflictTellingToUseNewVersion()
    {
        await using var scope = await CreateScopeAsync();
        await scope.ImportAsync("v1", CatalogItemKind.Drug, "XA11CCA351E002010101121");
        await scope.Store.PublishCatalogVersionAsync("v1", None);

        var error = await Assert.ThrowsAsync<StoreConflictException>(() => scope.ImportAsync("v1", CatalogItemKind.Drug, "XL02BGA045A001010101003"));

        Assert.Contains("'v1' is published", error.Message, StringComparison.Ordinal);
        Assert.Contains("new version", error.Message, StringComparison.Ordinal);
        Assert.Equal(["XA11CCA351E002010101121"], (await ReadAllAsync(scope, "v1")).Select(r => r.Code));
    }

    [Theory]
    [InlineData("")]
    [InlineData("2026 11")]
    [InlineData("2026/11")]
    [InlineData("版本1")]
    [InlineData("v1;DROP")]
    public async Task ReplaceCatalogRowsAsync_InvalidLabel_ThrowsArgumentException(string label)
    {
        await using var scope = await CreateScopeAsync();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => scope.ImportAsync(label, CatalogItemKind.Drug, "X"));

        Assert.Equal("version", error.ParamName);
        Assert.Contains("Catalog version label", error.Message, StringComparison.Ordinal);
        Assert.Empty(await scope.Store.ListCatalogVersionsAsync(None));
    }

    [Fact]
    public async Task ReplaceCatalogRowsAsync_LabelOf65Characters_ThrowsAndOf64Succeeds()
    {
        await using var scope = await CreateScopeAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => scope.ImportAsync(new string('a', 65), CatalogItemKind.Drug, "X"));
        Assert.Equal(1, await scope.ImportAsync(new string('a', 64), CatalogItemKind.Drug, "X"));
        Assert.Equal(1, await scope.ImportAsync("2026.11_rc-1", CatalogItemKind.Drug, "X"));
    }

    [Fact]
    public async Task ReplaceCatalogRowsAsync_RowsFailPartWay_WritesNothing()
    {
        await using var scope = await CreateScopeAsync();
        await scope.ImportAsync("v1", CatalogItemKind.Drug, "OLD1", "OLD2");

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            scope.Store.ReplaceCatalogRowsAsync("v1", CatalogItemKind.Drug, FailingRows(), None));
        await Assert.ThrowsAsync<ArgumentException>(() =>
            scope.Store.ReplaceCatalogRowsAsync("v2", CatalogItemKind.Drug, [new CatalogRow { Kind = CatalogItemKind.Herb, Code = "T1" }], None));

        Assert.Equal(["OLD1", "OLD2"], (await ReadAllAsync(scope, "v1")).Select(r => r.Code).Order(StringComparer.Ordinal));
        Assert.Null(await scope.Store.GetCatalogVersionAsync("v2", None));

        static IEnumerable<CatalogRow> FailingRows()
        {
            yield return new CatalogRow { Kind = CatalogItemKind.Drug, Code = "NEW1" };
            throw new InvalidOperationException("source broke");
        }
    }

    [Fact]
    public async Task ReplaceCatalogRowsAsync_ConcurrentWritersToOneVersion_AllSucceed()
    {
        await using var scope = await CreateScopeAsync();
        CatalogItemKind[] kinds = [CatalogItemKind.Drug, CatalogItemKind.Herb, CatalogItemKind.Consumable, CatalogItemKind.Service];

        await Task.WhenAll(kinds.Select(kind => Task.Run(() =>
            scope.Store.ReplaceCatalogRowsAsync("v1", kind, Enumerable.Range(0, 500).Select(i => new CatalogRow { Kind = kind, Code = $"C{i}" }), None))));

        var version = await scope.Store.GetCatalogVersionAsync("v1", None);
        Assert.All(kinds, kind => Assert.Equal(500, version!.ItemCounts[kind]));
    }

    [Fact]
    public async Task PublishCatalogVersionAsync_Drafts_PublishesAndMovesCurrent()
    {
        await using var scope = await CreateScopeAsync();
        await scope.ImportAsync("v1", CatalogItemKind.Drug, "A");
        scope.Clock.Advance(TimeSpan.FromHours(1));
        var first = await scope.Store.PublishCatalogVersionAsync("v1", None);
        await scope.ImportAsync("v2", CatalogItemKind.Drug, "B");
        scope.Clock.Advance(TimeSpan.FromHours(1));

        var second = await scope.Store.PublishCatalogVersionAsync("v2", None);

        Assert.Equal(CatalogVersionState.Published, first.State);
        Assert.True(first.IsCurrent);
        Assert.Equal(StoreScope.Start.AddHours(1), first.PublishedAt);
        Assert.Equal(CatalogVersionState.Published, second.State);
        Assert.True(second.IsCurrent);
        Assert.Equal(StoreScope.Start.AddHours(2), second.PublishedAt);
        Assert.Equal(1, second.ItemCounts[CatalogItemKind.Drug]);
        Assert.Equal("v2", (await scope.Store.GetCurrentCatalogVersionAsync(None))?.Version);
        Assert.Equal("v2", await scope.Store.GetCurrentCatalogVersionNameAsync(None));
        Assert.Equal(CatalogVersionState.Published, await scope.Store.GetCatalogVersionStateAsync("v1", None));
        Assert.Null(await scope.Store.GetCatalogVersionStateAsync("v9", None));
        var old = await scope.Store.GetCatalogVersionAsync("v1", None);
        Assert.Equal(CatalogVersionState.Published, old!.State);
        Assert.False(old.IsCurrent);
        Assert.Equal(1L, await scope.ScalarAsync("SELECT count(*) FROM catalog_versions WHERE is_current"));
    }

    [Fact]
    public async Task PublishCatalogVersionAsync_UnknownVersion_ThrowsNotFound()
    {
        await using var scope = await CreateScopeAsync();

        var error = await Assert.ThrowsAsync<StoreNotFoundException>(() => scope.Store.PublishCatalogVersionAsync("nope", None));

        Assert.Contains("'nope'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishCatalogVersionAsync_EmptyDraft_ThrowsConflictAndStaysDraft()
    {
        await using var scope = await CreateScopeAsync();
        Assert.Equal(0, await scope.ImportAsync("v1", CatalogItemKind.Drug));

        var error = await Assert.ThrowsAsync<StoreConflictException>(() => scope.Store.PublishCatalogVersionAsync("v1", None));

        Assert.Contains("no rows", error.Message, StringComparison.Ordinal);
        Assert.Equal(CatalogVersionState.Draft, (await scope.Store.GetCatalogVersionAsync("v1", None))!.State);
        Assert.Null(await scope.Store.GetCurrentCatalogVersionAsync(None));
        Assert.Null(await scope.Store.GetCurrentCatalogVersionNameAsync(None));
        Assert.Equal(CatalogVersionState.Draft, await scope.Store.GetCatalogVersionStateAsync("v1", None));
    }

    [Fact]
    public async Task PublishCatalogVersionAsync_AlreadyPublished_ThrowsConflictAndKeepsCurrent()
    {
        await using var scope = await CreateScopeAsync();
        await scope.ImportAsync("v1", CatalogItemKind.Drug, "A");
        await scope.Store.PublishCatalogVersionAsync("v1", None);
        await scope.ImportAsync("v2", CatalogItemKind.Drug, "B");
        await scope.Store.PublishCatalogVersionAsync("v2", None);

        var error = await Assert.ThrowsAsync<StoreConflictException>(() => scope.Store.PublishCatalogVersionAsync("v1", None));

        Assert.Contains("already published", error.Message, StringComparison.Ordinal);
        Assert.Equal("v2", (await scope.Store.GetCurrentCatalogVersionAsync(None))?.Version);
    }

    [Fact]
    public async Task PublishCatalogVersionAsync_TwoDraftsAtOnce_BothPublishedAndExactlyOneCurrent()
    {
        await using var scope = await CreateScopeAsync();
        await scope.ImportAsync("v1", CatalogItemKind.Drug, "A");
        await scope.ImportAsync("v2", CatalogItemKind.Drug, "B");

        var published = await Task.WhenAll(
            Task.Run(() => scope.Store.PublishCatalogVersionAsync("v1", None)),
            Task.Run(() => scope.Store.PublishCatalogVersionAsync("v2", None)));

        Assert.All(published, p => Assert.Equal(CatalogVersionState.Published, p.State));
        var versions = await scope.Store.ListCatalogVersionsAsync(None);
        Assert.All(versions, v => Assert.Equal(CatalogVersionState.Published, v.State));
        Assert.Single(versions, v => v.IsCurrent);
        Assert.Equal(1L, await scope.ScalarAsync("SELECT count(*) FROM catalog_versions WHERE is_current"));
    }

    [Fact]
    public async Task ListCatalogVersionsAsync_SeveralVersions_NewestFirstWithPerKindCounts()
    {
        await using var scope = await CreateScopeAsync();
        Assert.Empty(await scope.Store.ListCatalogVersionsAsync(None));
        await scope.ImportAsync("2026.10", CatalogItemKind.Drug, "A", "B", "C");
        await scope.ImportAsync("2026.10", CatalogItemKind.Service, "S");
        scope.Clock.Advance(TimeSpan.FromDays(30));
        await scope.ImportAsync("2026.11", CatalogItemKind.Herb, "T1", "T2");
        await scope.ImportAsync("2026.11b", CatalogItemKind.Drug); // same instant, created later
        await scope.Store.PublishCatalogVersionAsync("2026.10", None);

        var versions = await scope.Store.ListCatalogVersionsAsync(None);

        Assert.Equal(["2026.11b", "2026.11", "2026.10"], versions.Select(v => v.Version));
        Assert.Empty(versions[0].ItemCounts);
        Assert.Equal(new Dictionary<CatalogItemKind, long> { [CatalogItemKind.Herb] = 2 }, versions[1].ItemCounts);
        Assert.Equal(new Dictionary<CatalogItemKind, long> { [CatalogItemKind.Drug] = 3, [CatalogItemKind.Service] = 1 }, versions[2].ItemCounts);
        Assert.Equal([false, false, true], versions.Select(v => v.IsCurrent));
        Assert.Equal(StoreScope.Start.AddDays(30), versions[1].CreatedAt);
    }

    [Fact]
    public async Task GetCatalogVersionAsync_Unknown_ReturnsNullAndReadRowsThrowsNotFound()
    {
        await using var scope = await CreateScopeAsync();

        Assert.Null(await scope.Store.GetCatalogVersionAsync("v9", None));
        Assert.Null(await scope.Store.GetCurrentCatalogVersionAsync(None));
        await Assert.ThrowsAsync<StoreNotFoundException>(() => ReadAllAsync(scope, "v9"));
    }

    [Fact]
    public async Task UpsertInstitutionAsync_NewThenChanged_GetAndListReturnLatest()
    {
        await using var scope = await CreateScopeAsync();
        await scope.Store.UpsertInstitutionAsync(new InstitutionRecord("P45010301036", "老百姓大药房", 1, InstitutionType.Pharmacy), None);
        await scope.Store.UpsertInstitutionAsync(new InstitutionRecord("H21010200123", "沈阳市第一人民医院", 2, InstitutionType.Hospital), None);
        scope.Clock.Advance(TimeSpan.FromMinutes(5));

        await scope.Store.UpsertInstitutionAsync(new InstitutionRecord("H21010200123", "沈阳市第一人民医院（总院）", 3, InstitutionType.Hospital), None);

        Assert.Equal(new InstitutionRecord("H21010200123", "沈阳市第一人民医院（总院）", 3, InstitutionType.Hospital), await scope.Store.GetInstitutionAsync("H21010200123", None));
        Assert.Null(await scope.Store.GetInstitutionAsync("H99999999999", None));
        Assert.Equal(["H21010200123", "P45010301036"], (await scope.Store.ListInstitutionsAsync(None)).Select(i => i.Code));
        Assert.Equal(StoreScope.Start, await scope.TimestampAsync("SELECT created_at FROM institutions WHERE code = 'H21010200123'"));
        Assert.Equal(StoreScope.Start.AddMinutes(5), await scope.TimestampAsync("SELECT updated_at FROM institutions WHERE code = 'H21010200123'"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public async Task UpsertInstitutionAsync_LevelOutOfRange_ThrowsArgumentException(int level)
    {
        await using var scope = await CreateScopeAsync();

        await Assert.ThrowsAsync<ArgumentException>(() =>
            scope.Store.UpsertInstitutionAsync(new InstitutionRecord("H21010200123", "x", level, InstitutionType.Hospital), None));
        Assert.Empty(await scope.Store.ListInstitutionsAsync(None));
    }

    private static async Task<List<CatalogRow>> ReadAllAsync(IStoreScope scope, string version)
    {
        var rows = new List<CatalogRow>();
        await foreach (var row in scope.Store.ReadCatalogRowsAsync(version, None))
        {
            rows.Add(row);
        }

        return rows;
    }
}
