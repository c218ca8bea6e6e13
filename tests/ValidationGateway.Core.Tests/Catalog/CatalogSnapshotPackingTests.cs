using System.Globalization;
using ValidationGateway.Core.Catalog;

namespace ValidationGateway.Core.Tests.Catalog;

/// <summary>The packed layout's edges: many codes, codes it cannot pack, dates outside its 16-bit range, several periods.</summary>
public class CatalogSnapshotPackingTests
{
    private static readonly DateOnly Today = new(2026, 11, 22);

    [Fact]
    public void Build_ManyCodes_FindsEveryCodeAndNoOther()
    {
        var codes = Enumerable.Range(0, 50_000).Select(i => i % 2 == 0 ? $"C01{i:00000000000000000}" : $"XA11CCA{i % 900 + 100}E00201{i:0000000}").ToList();
        var snapshot = CatalogSnapshot.Build("many", codes.Select(c => new CatalogRow { Kind = CatalogItemKind.Consumable, Code = c, Name = "n" }));

        Assert.Equal(50_000, snapshot.CodeCount);
        Assert.All(codes, c => Assert.True(snapshot.Contains(c), c));
        Assert.False(snapshot.Contains("C0100000000000000050000"));
        Assert.False(snapshot.Contains("C01000000000000000000"));
        Assert.False(snapshot.Contains(codes[0] + "0"));
        Assert.False(snapshot.Contains(codes[0].AsSpan(0, codes[0].Length - 1)));
        Assert.False(snapshot.Contains(""));
    }

    [Fact]
    public void Lookup_CodesThatCannotBePacked_AreFoundInTheSideTable()
    {
        var longCode = new string('9', 80);
        var snapshot = CatalogSnapshot.Build("odd", [
            new() { Kind = CatalogItemKind.Herb, Code = "T中药饮片001", Name = "非 ASCII" },
            new() { Kind = CatalogItemKind.Service, Code = longCode, Name = "长编码" },
            new() { Kind = CatalogItemKind.Service, Code = "001102000010000-110200001", Name = "省级后缀", Level3Price = 8m },
        ]);

        Assert.Equal(CatalogLookupResult.Valid, snapshot.Lookup("T中药饮片001", Today, out var herb));
        Assert.Equal("非 ASCII", herb.Name);
        Assert.Equal(CatalogItemKind.Herb, herb.Kind);
        Assert.True(snapshot.Contains(longCode));
        Assert.False(snapshot.Contains("T中药饮片002"));
        Assert.Equal(8m, Assert.IsType<CatalogItemView>(Found(snapshot, "001102000010000-110200001")).Prices.ForLevel(3));
    }

    [Fact]
    public void Lookup_NamesAndCapsPackedTogether_EachCodeKeepsItsOwn()
    {
        // Same name with other caps, other names with the same caps, an empty name, a name shared with its caps.
        var snapshot = CatalogSnapshot.Build("names", [
            new() { Kind = CatalogItemKind.Service, Code = "001102000010000", Name = "挂号费", Level3Price = 8m },
            new() { Kind = CatalogItemKind.Service, Code = "001102000020000", Name = "挂号费", Level3Price = 9m },
            new() { Kind = CatalogItemKind.Service, Code = "001102000030000", Name = "诊查费", Level3Price = 8m },
            new() { Kind = CatalogItemKind.Service, Code = "001102000040000", Name = "", Level3Price = 8m },
            new() { Kind = CatalogItemKind.Service, Code = "001102000050000", Name = "挂号费", Level3Price = 8m },
        ]);

        Assert.Equal(("挂号费", 8m), NameAndCap("001102000010000"));
        Assert.Equal(("挂号费", 9m), NameAndCap("001102000020000"));
        Assert.Equal(("诊查费", 8m), NameAndCap("001102000030000"));
        Assert.Equal(("", 8m), NameAndCap("001102000040000"));
        Assert.Equal(("挂号费", 8m), NameAndCap("001102000050000"));

        (string, decimal?) NameAndCap(string code)
        {
            var item = Found(snapshot, code);
            return (item.Name, item.Prices.ForLevel(3));
        }
    }

    [Theory]
    [InlineData("1900-01-01", "9999-12-31", "1949-12-31", true)]
    [InlineData("1940-05-01", "2200-01-01", "1940-04-30", false)]
    [InlineData("1940-05-01", "2200-01-01", "2199-12-31", true)]
    [InlineData("1940-05-01", "2200-01-01", "2200-01-02", false)]
    [InlineData("2024-01-01", "2099-12-31", "2099-12-31", true)]
    [InlineData("2024-01-01", "2099-12-31", "2100-01-01", false)]
    [InlineData("1950-01-01", "2129-01-01", "1949-12-31", false)]
    [InlineData("1950-01-01", "2129-01-01", "1950-01-01", true)]
    public void Lookup_DatesInAndOutsideThePackedRange_AreExact(string begin, string end, string on, bool valid)
    {
        var snapshot = CatalogSnapshot.Build("dates", [
            new() { Kind = CatalogItemKind.Drug, Code = "XA11CCA351E002010101121", BeginDate = Date(begin), EndDate = Date(end) },
        ]);

        Assert.Equal(valid ? CatalogLookupResult.Valid : CatalogLookupResult.NotValidOnDate, snapshot.Lookup("XA11CCA351E002010101121", Date(on), out _));
    }

    [Fact]
    public void Lookup_ThreePeriodsImportedOutOfOrder_PicksEachAndKeepsTheFirstImportedForTryGetAny()
    {
        const string Code = "C0101070070000104937";
        var snapshot = CatalogSnapshot.Build("periods", [
            new() { Kind = CatalogItemKind.Consumable, Code = Code, Name = "二", BeginDate = new(2025, 1, 1), EndDate = new(2025, 12, 31), ChargeLevel = "02" },
            new() { Kind = CatalogItemKind.Drug, Code = "XA11CCA351E002010101121", Name = "其他" },
            new() { Kind = CatalogItemKind.Consumable, Code = Code, Name = "一", BeginDate = new(2024, 1, 1), EndDate = new(2024, 12, 31), ChargeLevel = "03", RestrictedUse = true },
            new() { Kind = CatalogItemKind.Consumable, Code = Code, Name = "三", BeginDate = new(2026, 1, 1), ChargeLevel = "01", Valid = true },
        ]);

        Assert.Equal((4, 2), (snapshot.RowCount, snapshot.CodeCount));
        Assert.Equal(3, snapshot.CountOf(CatalogItemKind.Consumable));
        Assert.Equal("一", Found(snapshot, Code, new(2024, 6, 1)).Name);
        Assert.True(Found(snapshot, Code, new(2024, 6, 1)).RestrictedUse);
        Assert.Equal("02", Found(snapshot, Code, new(2025, 6, 1)).ChargeLevel);
        Assert.Equal("三", Found(snapshot, Code, Today).Name);
        Assert.Equal(CatalogLookupResult.NotValidOnDate, snapshot.Lookup(Code, new(2023, 6, 1), out _));
        Assert.True(snapshot.TryGetAny(Code, out var first));
        Assert.Equal("二", first.Name);
        Assert.Equal("其他", Found(snapshot, "XA11CCA351E002010101121").Name);
    }

    [Fact]
    public void TableBytes_NationalShapedCodes_StaysUnderFortyBytesPerCode()
    {
        // 27-character consumable codes with shared names: the packed layout's own count (docs/national-scale.md has the GC figure).
        var snapshot = CatalogSnapshot.Build("bytes", Enumerable.Range(0, 20_000).Select(i => new CatalogRow
        {
            Kind = CatalogItemKind.Consumable,
            Code = string.Create(CultureInfo.InvariantCulture, $"C0101010010100103941{i:0000000}"),
            Name = "一次性使用无菌注射器",
            BeginDate = new DateOnly(2024, 1, 1),
        }));

        Assert.InRange((double)snapshot.TableBytes / snapshot.CodeCount, 20, 40);
    }

    private static CatalogItemView Found(CatalogSnapshot snapshot, string code, DateOnly? on = null)
    {
        Assert.Equal(CatalogLookupResult.Valid, snapshot.Lookup(code, on ?? Today, out var item));
        return item;
    }

    private static DateOnly Date(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
