using ValidationGateway.Core.Catalog;

namespace ValidationGateway.Core.Tests.Support;

/// <summary>A small catalog with one code per situation the tests need.</summary>
public static class TestCatalog
{
    public const string Version = "2026.11.1";
    public const string Drug = "XA11CCA351E002010101121";
    public const string PatentDrug = "ZD03AAA0043010100166";
    public const string Consumable = "C0101010010100103941";
    public const string Service = "001102000010000";
    public const string Expired = "XL02BGA045A001010101003";
    public const string Invalidated = "ZD01CAA0063010104080";
    public const string Renewed = "C0101070070000104937";

    public static IReadOnlyList<CatalogRow> Rows { get; } =
    [
        new() { Kind = CatalogItemKind.Drug, Code = Drug, Name = "艾地骨化醇软胶囊", ChargeLevel = "02" },
        new() { Kind = CatalogItemKind.Drug, Code = PatentDrug, Name = "艾附暖宫丸", ChargeLevel = "01" },
        new() { Kind = CatalogItemKind.Consumable, Code = Consumable, Name = "气管支气管支架" },
        new() { Kind = CatalogItemKind.Service, Code = Service, Name = "普通门诊诊查费", Level3Price = 8m, Level2Price = 6.5m, PriceCap = 5m },
        new() { Kind = CatalogItemKind.Drug, Code = Expired, Name = "已停用药品", EndDate = new DateOnly(2025, 12, 31) },
        new() { Kind = CatalogItemKind.Drug, Code = Invalidated, Name = "无效标志药品", Valid = false },
        new() { Kind = CatalogItemKind.Consumable, Code = Renewed, Name = "旧规格", BeginDate = new DateOnly(2024, 1, 1), EndDate = new DateOnly(2025, 6, 30), ChargeLevel = "03" },
        new() { Kind = CatalogItemKind.Consumable, Code = Renewed, Name = "新规格", BeginDate = new DateOnly(2025, 7, 1), ChargeLevel = "02" },
    ];

    public static CatalogSnapshot Snapshot { get; } = CatalogSnapshot.Build(Version, Rows);
}
