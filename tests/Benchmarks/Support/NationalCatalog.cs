using System.Globalization;
using ValidationGateway.Core.Catalog;

namespace ValidationGateway.Benchmarks.Support;

/// <summary>A catalog version at national scale: the demo rows plus 300,000 synthetic codes in the national shapes (DOMAIN.md §2).</summary>
/// <remarks>
/// Deterministic, so every run looks up the same codes. The synthetic codes carry their serial number in the last nine
/// digits, with fixed digits chosen so none collides with a demo code. Built once per process and shared (in-process runs).
/// </remarks>
internal static class NationalCatalog
{
    public const int SyntheticCodes = 300_000;

    private static readonly Lazy<CatalogSnapshot> LazySnapshot = new(() => CatalogSnapshot.Build(DemoCatalog.Version, Rows(), DemoCatalog.KnowledgePoints));

    /// <summary>The demo rows and 300,000 synthetic rows, with the demo knowledge points.</summary>
    public static CatalogSnapshot Snapshot => LazySnapshot.Value;

    /// <summary>Every row of the version.</summary>
    public static IEnumerable<CatalogRow> Rows()
    {
        foreach (var row in DemoCatalog.Rows)
        {
            yield return row;
        }

        for (var i = 0; i < SyntheticCodes; i++)
        {
            var (kind, code) = CodeAt(i);
            yield return new CatalogRow { Kind = kind, Code = code, Name = "合成目录项", ChargeLevel = "02", BeginDate = new DateOnly(2020, 1, 1) };
        }
    }

    /// <summary>The i-th synthetic code; for i ≥ <see cref="SyntheticCodes"/>, a well-formed code that is not in the catalog.</summary>
    public static (CatalogItemKind Kind, string Code) CodeAt(int i)
    {
        var serial = i.ToString("000000000", CultureInfo.InvariantCulture);
        var letter = (char)('A' + (i % 26));
        return (i % 20) switch
        {
            // 50 % western drugs, X + ATC-like letters and digits, 23 characters.
            < 10 => (CatalogItemKind.Drug, $"X{letter}{i % 100:00}B{letter}A{i % 1000:000}A123{serial}"),
            // 15 % patent drugs, Z…, 20 characters.
            < 13 => (CatalogItemKind.Drug, $"Z{letter}{i % 100:00}AA{letter}9999{serial}"),
            // 10 % herbs, T + 9 digits (the demo herbs start T0).
            < 15 => (CatalogItemKind.Herb, $"T9{i:00000000}"),
            // 20 % consumables, C + category 01..17 + 17 digits.
            < 19 => (CatalogItemKind.Consumable, $"C{(i % 17) + 1:00}99999999{serial}"),
            // 5 % service items, 15 digits (the demo services start 00).
            _ => (CatalogItemKind.Service, $"9{i % 100000:00000}{serial}"),
        };
    }
}
