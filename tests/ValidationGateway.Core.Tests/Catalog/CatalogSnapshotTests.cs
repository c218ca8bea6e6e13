using ValidationGateway.Core.Catalog;
using ValidationGateway.Core.Tests.Support;

namespace ValidationGateway.Core.Tests.Catalog;

public class CatalogSnapshotTests
{
    private static readonly CatalogSnapshot Snapshot = TestCatalog.Snapshot;
    private static readonly DateOnly Today = new(2026, 11, 22);

    [Fact]
    public void Build_CountsRowsCodesAndKinds()
    {
        Assert.Equal(8, Snapshot.RowCount);
        Assert.Equal(7, Snapshot.CodeCount);
        Assert.Equal(4, Snapshot.CountOf(CatalogItemKind.Drug));
        Assert.Equal(3, Snapshot.CountOf(CatalogItemKind.Consumable));
        Assert.Equal(1, Snapshot.CountOf(CatalogItemKind.Service));
    }

    [Fact]
    public void Lookup_ValidCode_ReturnsItsRow()
    {
        Assert.Equal(CatalogLookupResult.Valid, Snapshot.Lookup(TestCatalog.Drug, Today, out var item));
        Assert.Equal("艾地骨化醇软胶囊", item.Name);
        Assert.Equal("02", item.ChargeLevel);
        Assert.Equal(CatalogItemKind.Drug, item.Kind);
    }

    [Fact]
    public void Lookup_UnknownCode_IsNotFound() =>
        Assert.Equal(CatalogLookupResult.NotFound, Snapshot.Lookup("XA11CCA351E002010109999", Today, out _));

    [Fact]
    public void Lookup_AfterEndDate_IsNotValidOnDate()
    {
        Assert.Equal(CatalogLookupResult.Valid, Snapshot.Lookup(TestCatalog.Expired, new DateOnly(2025, 12, 31), out _));
        Assert.Equal(CatalogLookupResult.NotValidOnDate, Snapshot.Lookup(TestCatalog.Expired, new DateOnly(2026, 1, 1), out _));
    }

    [Fact]
    public void Lookup_ValiFlagZero_IsNotValidOnAnyDate() =>
        Assert.Equal(CatalogLookupResult.NotValidOnDate, Snapshot.Lookup(TestCatalog.Invalidated, Today, out _));

    [Theory]
    [InlineData(2023, 12, 31, CatalogLookupResult.NotValidOnDate, "")]
    [InlineData(2024, 1, 1, CatalogLookupResult.Valid, "03")]
    [InlineData(2025, 6, 30, CatalogLookupResult.Valid, "03")]
    [InlineData(2025, 7, 1, CatalogLookupResult.Valid, "02")]
    [InlineData(2030, 1, 1, CatalogLookupResult.Valid, "02")]
    public void Lookup_CodeWithSeveralPeriods_PicksTheRowValidOnTheDate(int y, int m, int d, CatalogLookupResult expected, string level)
    {
        Assert.Equal(expected, Snapshot.Lookup(TestCatalog.Renewed, new DateOnly(y, m, d), out var item));
        if (expected == CatalogLookupResult.Valid)
        {
            Assert.Equal(level, item.ChargeLevel);
        }
    }

    [Fact]
    public void Lookup_BySpan_MatchesStringLookup()
    {
        var buffer = ("  " + TestCatalog.Service).AsSpan(2);
        Assert.Equal(CatalogLookupResult.Valid, Snapshot.Lookup(buffer, Today, out var item));
        Assert.Equal(8m, item.Prices.ForLevel(3));
        Assert.Equal(6.5m, item.Prices.ForLevel(2));
        Assert.Equal(5m, item.Prices.ForLevel(1));
    }

    [Fact]
    public void Lookup_WarmSnapshot_AllocatesNothing()
    {
        var code = TestCatalog.Renewed;
        Snapshot.Lookup(code, Today, out _);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            Snapshot.Lookup(code, Today, out _);
            Snapshot.Lookup("C9999999999999999999", Today, out _);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
