using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Catalog;
using ValidationGateway.Core.Institutions;
using ValidationGateway.Core.Rules;

namespace ValidationGateway.Benchmarks.Support;

/// <summary>The demo data set's codes, caps, knowledge points and conventions (src/ValidationGateway.Server/Demo/DemoDataSet.cs), copied because the server's type is internal.</summary>
/// <remarks>Mappings: local code = "HIS" + national code. Doctors: "D" + the institution's 6-digit division + 000001..000009.</remarks>
internal static class DemoCatalog
{
    public const string Version = "2026.11-demo";
    public const string Hospital3 = "H21010200123";
    public const string LocalCodePrefix = "HIS";

    public static InstitutionRecord Institution { get; } = new(Hospital3, "示例市第一人民医院（三级）", 3, InstitutionType.Hospital);

    public static IReadOnlyList<KnowledgePoint> KnowledgePoints { get; } =
    [
        new() { Rule = RuleId.GenderRestricted, Code = "ZD03AAA0043010100166", Gender = "2", Note = "艾附暖宫丸：限女性" },
        new() { Rule = RuleId.GenderRestricted, Code = "XA11CCA351E002010101121", Gender = "2", Note = "限绝经后女性骨质疏松症" },
        new() { Rule = RuleId.AgeRestricted, Code = "XN02BEB055X003010100129", AgeMax = 17, Note = "儿童专用" },
        new() { Rule = RuleId.DuplicateCharge, Code = "001102000010000", CodeB = "001102000020000", Note = "普通门诊诊查费与副主任医师诊查费不得同时收取" },
        new() { Rule = RuleId.DuplicateCharge, Code = "001102000010000", CodeB = "001102000010000", Note = "诊查费每次就诊限收一次" },
        new() { Rule = RuleId.FrequencyExceeded, Code = "001201000010000", MaxPerDay = 4, Note = "静脉注射每日不超过 4 次" },
        new() { Rule = RuleId.FrequencyExceeded, Code = "002501030010000", MaxPerDay = 2, Note = "血常规每日不超过 2 次" },
        new() { Rule = RuleId.ConsumableNotSeparatelyChargeable, Code = "001201000010000", CodeB = "C1402010020000101234", Note = "静脉注射含一次性注射器" },
    ];

    public static IReadOnlyList<CatalogRow> Rows { get; } = BuildRows();

    /// <summary>The hospital's mappings: every demo list code (drugs, herbs, consumables, services) under "HIS" + code.</summary>
    public static IReadOnlyList<MappingRow> Mappings()
    {
        var mappings = new List<MappingRow>();
        foreach (var row in Rows)
        {
            if (row.Kind is CatalogItemKind.Drug or CatalogItemKind.Herb or CatalogItemKind.Consumable or CatalogItemKind.Service)
            {
                mappings.Add(new MappingRow { InstitutionCode = Hospital3, LocalCode = LocalCodePrefix + row.Code, NationalCode = row.Code, LocalName = row.Name });
            }
        }

        return mappings;
    }

    /// <summary>Doctors D210102000001..D210102000009 registered at the hospital.</summary>
    public static IReadOnlyList<PractitionerRow> Practitioners()
    {
        var practitioners = new List<PractitionerRow>();
        for (var n = 1; n <= 9; n++)
        {
            practitioners.Add(new PractitionerRow($"D{Institution.AdminDivision}{n:000000}", PractitionerKind.Doctor, Hospital3, $"示例医师{n}", true));
        }

        return practitioners;
    }

    public static InstitutionReferenceData Reference() => new(Institution, Mappings(), Practitioners(), ValidationGateway.Core.Codes.CodeFormatProfile.Default);

    private static List<CatalogRow> BuildRows()
    {
        var since = new DateOnly(2020, 1, 1);
        var ended = new DateOnly(2025, 12, 31);
        return
        [
            Drug("XA10BAE056A001010104377", "盐酸二甲双胍片", "01"),
            Drug("XC08CAX130A011010203911", "硝苯地平缓释片", "01"),
            Drug("XC09AAK143A001010101545", "卡托普利片", "01"),
            Drug("XJ01CAA040E001010102012", "阿莫西林胶囊", "01"),
            Drug("XN02BEB055A001010303066", "对乙酰氨基酚片", "01"),
            Drug("XA02BCA211E002010102260", "奥美拉唑肠溶胶囊", "02"),
            Drug("XC10AAA077A001010301498", "阿托伐他汀钙片", "02"),
            Drug("XB01ACA056A006010100723", "阿司匹林肠溶片", "01"),
            Drug("XA11CCA351E002010101121", "艾地骨化醇软胶囊", "02", restricted: true),
            Drug("XJ01DCF180A001010100982", "头孢呋辛酯片", "01", end: ended),
            Drug("ZA04BAA0021010100372", "复方丹参片", "01"),
            Drug("ZA01AAA0118010102516", "感冒清热颗粒", "01"),
            Drug("ZD03AAA0043010100166", "艾附暖宫丸", "02"),
            Drug("XN02BEB055X003010100129", "对乙酰氨基酚混悬滴剂（儿童）", "01"),
            new() { Kind = CatalogItemKind.Herb, Code = "T000100178", Name = "黄芪", ChargeLevel = "01" },
            new() { Kind = CatalogItemKind.Herb, Code = "T000300564", Name = "当归", ChargeLevel = "01" },
            Consumable("C1402010020000101234", "一次性使用无菌注射器", 0.8m),
            Consumable("C1403010030000200456", "医用输液贴", 1.5m),
            Consumable("C0201010010001000327", "冠状动脉药物洗脱支架", 798m),
            Service("001102000010000", "普通门诊诊查费", 8m, 6.5m, 5m),
            Service("001102000020000", "副主任医师诊查费", 15m, 12m, 9.5m),
            Service("001201000010000", "静脉注射", 5m, 4.5m, 4m),
            Service("002501030010000", "血常规检查", 20m, 18m, 15m),
            new() { Kind = CatalogItemKind.Diagnosis, Code = "I10.x00x002", Name = "高血压" },
            new() { Kind = CatalogItemKind.Diagnosis, Code = "E11.900", Name = "2型糖尿病" },
        ];

        CatalogRow Drug(string code, string name, string level, bool restricted = false, DateOnly? end = null) =>
            new() { Kind = CatalogItemKind.Drug, Code = code, Name = name, ChargeLevel = level, RestrictedUse = restricted, BeginDate = since, EndDate = end };

        static CatalogRow Consumable(string code, string name, decimal cap) =>
            new() { Kind = CatalogItemKind.Consumable, Code = code, Name = name, ChargeLevel = "02", PriceCap = cap };

        static CatalogRow Service(string code, string name, decimal lv3, decimal lv2, decimal lv1) =>
            new() { Kind = CatalogItemKind.Service, Code = code, Name = name, ChargeLevel = "01", Level3Price = lv3, Level2Price = lv2, Level1Price = lv1 };
    }
}
