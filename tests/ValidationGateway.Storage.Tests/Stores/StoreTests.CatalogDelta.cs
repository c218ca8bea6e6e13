using ValidationGateway.Core.Catalog;
using ValidationGateway.Storage.Tests.TestSupport;

namespace ValidationGateway.Storage.Tests.Stores;

/// <summary>Delta imports (<see cref="IGatewayStore.ApplyCatalogDeltaAsync"/>), against both stores.</summary>
public abstract partial class StoreTests
{
    private static readonly DateOnly Y2024 = new(2024, 1, 1);
    private static readonly DateOnly Y2025 = new(2025, 1, 1);

    private static CatalogRow Drug(string code, DateOnly? begin = null, bool valid = true, decimal? cap = null, string name = "药品", DateOnly? end = null) =>
        new() { Kind = CatalogItemKind.Drug, Code = code, BeginDate = begin, EndDate = end, Valid = valid, PriceCap = cap, Name = name, ChargeLevel = "02" };

    private static readonly CatalogRow[] BaseDrugs =
    [
        Drug("A", Y2024, cap: 10.00m),
        Drug("A", Y2025, cap: 12.50m),
        Drug("B"),
        Drug("C", Y2024),
        Drug("D", Y2024, valid: false),
        Drug("E", Y2024, cap: 1m),
    ];

    private static readonly CatalogRow[] BaseHerbs =
    [
        new() { Kind = CatalogItemKind.Herb, Code = "T001700643", Name = "当归" },
        new() { Kind = CatalogItemKind.Herb, Code = "T001700644", Name = "黄芪" },
    ];

    /// <summary>2 added (F, G), 2 changed (A 2024, D), 1 invalidated (B), 2 unchanged (A 2025 at another scale, E); C untouched.</summary>
    private static readonly CatalogRow[] DeltaDrugs =
    [
        Drug("A", Y2025, cap: 12.5m),
        Drug("A", Y2024, cap: 10.00m, end: new DateOnly(2024, 12, 31)),
        Drug("B", valid: false),
        Drug("D", Y2024, valid: false, name: "新名称"),
        Drug("E", Y2024, cap: 1.0m),
        Drug("F", Y2025),
        Drug("G", Y2025, valid: false),
    ];

    private static IEnumerable<CatalogRow> ExpectedDrugs() =>
        DeltaDrugs.Concat(BaseDrugs.Where(b => !DeltaDrugs.Any(d => d.Code == b.Code && d.BeginDate == b.BeginDate)));

    private static async Task SeedBaseAsync(IStoreScope scope, string version = "2026.11", bool publish = true)
    {
        await scope.Store.ReplaceCatalogRowsAsync(version, CatalogItemKind.Drug, BaseDrugs, None);
        await scope.Store.ReplaceCatalogRowsAsync(version, CatalogItemKind.Herb, BaseHerbs, None);
        await scope.Store.ReplaceKnowledgePointsAsync(version, Points, None);
        if (publish)
        {
            await scope.Store.PublishCatalogVersionAsync(version, None);
        }
    }

    private static List<CatalogRow> Sorted(IEnumerable<CatalogRow> rows) =>
        [.. rows.OrderBy(r => r.Kind).ThenBy(r => r.Code, StringComparer.Ordinal).ThenBy(r => r.BeginDate)];

    [Fact]
    public async Task ApplyCatalogDeltaAsync_NewDraft_CountsEachChangeAndCopiesTheBase()
    {
        await using var scope = await CreateScopeAsync();
        await SeedBaseAsync(scope);

        var result = await scope.Store.ApplyCatalogDeltaAsync("2026.12", "2026.11", CatalogItemKind.Drug, DeltaDrugs, None);

        Assert.Equal(new CatalogDeltaResult(Added: 2, Changed: 2, Invalidated: 1, Unchanged: 2, RowCount: 8, CreatedVersion: true), result);
        Assert.Equal(Sorted(ExpectedDrugs().Concat(BaseHerbs)), Sorted(await ReadAllAsync(scope, "2026.12")));
        Assert.Equal(Points, await ReadPointsAsync(scope, "2026.12"));
        var draft = await scope.Store.GetCatalogVersionAsync("2026.12", None);
        Assert.Equal(CatalogVersionState.Draft, draft!.State);
        Assert.Equal(Sorted(BaseDrugs.Concat(BaseHerbs)), Sorted(await ReadAllAsync(scope, "2026.11")));
    }

    [Fact]
    public async Task ApplyCatalogDeltaAsync_SameDeltaTwice_GivesTheSameRowsAndCounts()
    {
        await using var scope = await CreateScopeAsync();
        await SeedBaseAsync(scope);

        var first = await scope.Store.ApplyCatalogDeltaAsync("2026.12", "2026.11", CatalogItemKind.Drug, DeltaDrugs, None);
        var rowsAfterFirst = Sorted(await ReadAllAsync(scope, "2026.12"));
        var second = await scope.Store.ApplyCatalogDeltaAsync("2026.12", "2026.11", CatalogItemKind.Drug, DeltaDrugs, None);

        Assert.Equal(first with { CreatedVersion = false }, second);
        Assert.Equal(rowsAfterFirst, Sorted(await ReadAllAsync(scope, "2026.12")));
        Assert.Equal(Points, await ReadPointsAsync(scope, "2026.12"));
    }

    [Fact]
    public async Task ApplyCatalogDeltaAsync_ExistingDraftOnDraftBase_RebuildsOnlyThatKind()
    {
        await using var scope = await CreateScopeAsync();
        await SeedBaseAsync(scope, publish: false);
        await scope.ImportAsync("2026.12", CatalogItemKind.Drug, "OLD-DRUG");
        await scope.ImportAsync("2026.12", CatalogItemKind.Service, "001102000010000");

        var result = await scope.Store.ApplyCatalogDeltaAsync("2026.12", "2026.11", CatalogItemKind.Drug, DeltaDrugs, None);

        Assert.False(result.CreatedVersion);
        Assert.Equal(8, result.RowCount);
        var rows = await ReadAllAsync(scope, "2026.12");
        Assert.Equal(Sorted(ExpectedDrugs()), Sorted(rows.Where(r => r.Kind == CatalogItemKind.Drug)));
        Assert.Equal(["001102000010000"], rows.Where(r => r.Kind == CatalogItemKind.Service).Select(r => r.Code));
        Assert.DoesNotContain(rows, r => r.Kind == CatalogItemKind.Herb);
        Assert.Empty(await ReadPointsAsync(scope, "2026.12"));
    }

    [Fact]
    public async Task ApplyCatalogDeltaAsync_UnknownBase_ThrowsNotFoundAndCreatesNothing()
    {
        await using var scope = await CreateScopeAsync();

        var error = await Assert.ThrowsAsync<StoreNotFoundException>(() =>
            scope.Store.ApplyCatalogDeltaAsync("2026.12", "2026.10", CatalogItemKind.Drug, DeltaDrugs, None));

        Assert.Contains("'2026.10' does not exist", error.Message, StringComparison.Ordinal);
        Assert.Null(await scope.Store.GetCatalogVersionAsync("2026.12", None));
    }

    [Fact]
    public async Task ApplyCatalogDeltaAsync_PublishedTarget_ThrowsConflictAndKeepsItsRows()
    {
        await using var scope = await CreateScopeAsync();
        await SeedBaseAsync(scope);
        await scope.ImportAsync("2026.12", CatalogItemKind.Drug, "X");
        await scope.Store.PublishCatalogVersionAsync("2026.12", None);

        var error = await Assert.ThrowsAsync<StoreConflictException>(() =>
            scope.Store.ApplyCatalogDeltaAsync("2026.12", "2026.11", CatalogItemKind.Drug, DeltaDrugs, None));

        Assert.Contains("'2026.12' is published", error.Message, StringComparison.Ordinal);
        Assert.Equal(["X"], (await ReadAllAsync(scope, "2026.12")).Select(r => r.Code));
    }

    [Fact]
    public async Task ApplyCatalogDeltaAsync_BaseIsTheTarget_ThrowsArgumentException()
    {
        await using var scope = await CreateScopeAsync();
        await SeedBaseAsync(scope, publish: false);

        await Assert.ThrowsAsync<ArgumentException>(() =>
            scope.Store.ApplyCatalogDeltaAsync("2026.11", "2026.11", CatalogItemKind.Drug, DeltaDrugs, None));

        Assert.Equal(Sorted(BaseDrugs.Concat(BaseHerbs)), Sorted(await ReadAllAsync(scope, "2026.11")));
    }

    [Fact]
    public async Task ApplyCatalogDeltaAsync_RowsThrowPartWay_WritesNothing()
    {
        await using var scope = await CreateScopeAsync();
        await SeedBaseAsync(scope);
        await scope.ImportAsync("2026.12-existing", CatalogItemKind.Drug, "KEEP");

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            scope.Store.ApplyCatalogDeltaAsync("2026.12", "2026.11", CatalogItemKind.Drug, FailingRows(), None));
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            scope.Store.ApplyCatalogDeltaAsync("2026.12-existing", "2026.11", CatalogItemKind.Drug, FailingRows(), None));

        Assert.Null(await scope.Store.GetCatalogVersionAsync("2026.12", None));
        Assert.Equal(["KEEP"], (await ReadAllAsync(scope, "2026.12-existing")).Select(r => r.Code));
        Assert.Empty(await ReadPointsAsync(scope, "2026.12-existing"));

        static IEnumerable<CatalogRow> FailingRows()
        {
            yield return Drug("F", Y2025);
            yield return Drug("A", Y2024, cap: 99m);
            throw new InvalidOperationException("source broke");
        }
    }

    [Fact]
    public async Task ApplyCatalogDeltaAsync_KeyTwiceOrWrongKind_ThrowsArgumentExceptionAndWritesNothing()
    {
        await using var scope = await CreateScopeAsync();
        await SeedBaseAsync(scope);

        var twice = await Assert.ThrowsAsync<ArgumentException>(() =>
            scope.Store.ApplyCatalogDeltaAsync("2026.12", "2026.11", CatalogItemKind.Drug, [Drug("B"), Drug("F"), Drug("B", valid: false)], None));
        await Assert.ThrowsAsync<ArgumentException>(() =>
            scope.Store.ApplyCatalogDeltaAsync("2026.12", "2026.11", CatalogItemKind.Drug, [Drug("F"), BaseHerbs[0]], None));

        Assert.Contains("'B' with begndate (empty) appears twice", twice.Message, StringComparison.Ordinal);
        Assert.Null(await scope.Store.GetCatalogVersionAsync("2026.12", None));
    }
}
