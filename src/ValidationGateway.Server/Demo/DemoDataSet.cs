using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Catalog;
using ValidationGateway.Core.Institutions;
using ValidationGateway.Core.Rules;

namespace ValidationGateway.Server.Demo;

/// <summary>
/// A small, realistic data set for a first start: codes of every family in their national shapes, price caps by
/// hospital level, a few expired and invalidated rows, and institutions of each level and type.
/// </summary>
/// <remarks>
/// The codes follow DOMAIN.md §2 shapes; names and prices are illustrative, not an official catalog. Conventions
/// clients can rely on: every demo institution maps local code <c>HIS</c> + national code to each catalog item it
/// may charge (hospitals: all list codes; the pharmacy: drugs and herbs); each hospital registers doctors
/// <c>D</c> + its 6-digit division + <c>000001</c>..<c>000009</c> (and the sample's <c>D210102000123</c>), the pharmacy
/// pharmacists <c>Y</c> + division + <c>000001</c>..<c>000003</c>.
/// </remarks>
internal static class DemoDataSet
{
    public const string Version = "2026.11-demo";
    public const string Hospital3 = "H21010200123";
    public const string Hospital2 = "H21010200045";
    public const string Hospital1 = "H21010300018";
    public const string Pharmacy = "P45010301036";

    public static IReadOnlyList<InstitutionRecord> Institutions { get; } =
    [
        new(Hospital3, "示例市第一人民医院（三级）", 3, InstitutionType.Hospital),
        new(Hospital2, "示例市和平区中心医院（二级）", 2, InstitutionType.Hospital),
        new(Hospital1, "示例市沈河区社区卫生服务中心（一级）", 1, InstitutionType.Hospital),
        new(Pharmacy, "示例大药房青秀店", 1, InstitutionType.Pharmacy),
    ];

    /// <summary>Local code prefix of the demo mappings: local code = prefix + national code.</summary>
    public const string LocalCodePrefix = "HIS";

    /// <summary>A class-C (self-pay) drug for the consent rule.</summary>
    public const string SelfPayDrug = "XA16AXS186A001010100387";

    /// <summary>Knowledge points of the demo catalog version (gender, age, duplicates, frequency, included consumables).</summary>
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

    /// <summary>Approved mappings of every demo institution.</summary>
    public static IReadOnlyList<MappingRow> Mappings => BuildMappings();

    /// <summary>Registered practitioners of the demo institutions.</summary>
    public static IReadOnlyList<PractitionerRow> Practitioners => BuildPractitioners();

    /// <summary>Catalog rows by kind.</summary>
    public static IReadOnlyDictionary<CatalogItemKind, IReadOnlyList<CatalogRow>> Rows { get; } = Build();

    private static List<MappingRow> BuildMappings()
    {
        var mappings = new List<MappingRow>();
        foreach (var institution in Institutions)
        {
            var kinds = institution.Type == InstitutionType.Pharmacy
                ? new[] { CatalogItemKind.Drug, CatalogItemKind.Herb }
                : [CatalogItemKind.Drug, CatalogItemKind.Herb, CatalogItemKind.Consumable, CatalogItemKind.Service];
            foreach (var kind in kinds)
            {
                foreach (var row in Rows[kind])
                {
                    mappings.Add(new MappingRow { InstitutionCode = institution.Code, LocalCode = LocalCodePrefix + row.Code, NationalCode = row.Code, LocalName = row.Name });
                }
            }
        }

        // The local codes of samples/validate-request.json at the level-3 hospital.
        mappings.Add(new MappingRow { InstitutionCode = Hospital3, LocalCode = "YP0001", NationalCode = "XA10BAE056A001010104377", ItemType = ItemType.Drug, LocalName = "二甲双胍片0.25g" });
        mappings.Add(new MappingRow { InstitutionCode = Hospital3, LocalCode = "ZL0001", NationalCode = "001102000010000", ItemType = ItemType.Service, LocalName = "普通门诊诊查费" });
        mappings.Add(new MappingRow { InstitutionCode = Hospital3, LocalCode = "HC0003", NationalCode = "C1402010020000101234", ItemType = ItemType.Consumable, LocalName = "一次性注射器5ml" });
        mappings.Add(new MappingRow { InstitutionCode = Hospital3, LocalCode = "YP0004", NationalCode = "XA10BAE056A001010104377", ItemType = ItemType.Drug, LocalName = "二甲双胍片0.5g" });
        mappings.Add(new MappingRow { InstitutionCode = Hospital3, LocalCode = "YP0006", NationalCode = "XJ01DCF180A001010100982", ItemType = ItemType.Drug, LocalName = "头孢呋辛酯片" });
        return mappings;
    }

    private static List<PractitionerRow> BuildPractitioners()
    {
        var practitioners = new List<PractitionerRow> { new("D210102000123", PractitionerKind.Doctor, Hospital3, "示例医师", true) };
        foreach (var institution in Institutions)
        {
            var division = institution.AdminDivision;
            var (kind, prefix, count) = institution.Type == InstitutionType.Pharmacy ? (PractitionerKind.Pharmacist, "Y", 3) : (PractitionerKind.Doctor, "D", 9);
            for (var n = 1; n <= count; n++)
            {
                practitioners.Add(new PractitionerRow($"{prefix}{division}{n:000000}", kind, institution.Code, $"示例{(kind == PractitionerKind.Doctor ? "医师" : "药师")}{n}", true));
            }
        }

        return practitioners;
    }

    private static Dictionary<CatalogItemKind, IReadOnlyList<CatalogRow>> Build()
    {
        var ended = new DateOnly(2025, 12, 31);
        var since = new DateOnly(2020, 1, 1);
        return new Dictionary<CatalogItemKind, IReadOnlyList<CatalogRow>>
        {
            [CatalogItemKind.Drug] =
            [
                Drug("XA10BAE056A001010104377", "盐酸二甲双胍片", "01"),
                Drug("XC08CAX130A011010203911", "硝苯地平缓释片", "01"),
                Drug("XC09AAK143A001010101545", "卡托普利片", "01"),
                Drug("XJ01CAA040E001010102012", "阿莫西林胶囊", "01"),
                Drug("XN02BEB055A001010303066", "对乙酰氨基酚片", "01"),
                Drug("XA02BCA211E002010102260", "奥美拉唑肠溶胶囊", "02"),
                Drug("XC10AAA077A001010301498", "阿托伐他汀钙片", "02"),
                Drug("XB01ACA056A006010100723", "阿司匹林肠溶片", "01"),
                Drug("XR05CBA124X001010200345", "盐酸氨溴索口服溶液", "02"),
                Drug("XA11CCA351E002010101121", "艾地骨化醇软胶囊", "02", restricted: true),
                Drug("XL01XEY046A001010100451", "甲磺酸伊马替尼片", "02", restricted: true),
                Drug("XJ01DCF180A001010100982", "头孢呋辛酯片", "01", end: ended),
                Drug("XN05CFZ048A001010101736", "酒石酸唑吡坦片", "02", valid: false),
                Drug("ZA04BAA0021010100372", "复方丹参片", "01"),
                Drug("ZA01AAA0118010102516", "感冒清热颗粒", "01"),
                Drug("ZD03AAA0043010100166", "艾附暖宫丸", "02"),
                Drug("ZA12FAA0163020101003", "六味地黄丸", "01"),
                Drug("ZA06BAB0083010201770", "连花清瘟胶囊", "02", end: ended),
                Drug("XN02BEB055X003010100129", "对乙酰氨基酚混悬滴剂（儿童）", "01"),
                Drug(SelfPayDrug, "示例自费药品注射液", "03"),
            ],
            [CatalogItemKind.Herb] =
            [
                Herb("T000100178", "黄芪"),
                Herb("T000300564", "当归"),
                Herb("T000200011", "甘草"),
                Herb("T001700643000000000", "党参配方颗粒"),
            ],
            [CatalogItemKind.Consumable] =
            [
                Consumable("C0101010010100103941", "气管支气管支架（镍钛合金，全覆膜）", 12000m),
                Consumable("C0201010010001000327", "冠状动脉药物洗脱支架", 798m),
                Consumable("C1402010020000101234", "一次性使用无菌注射器", 0.8m),
                Consumable("C1403010030000200456", "医用输液贴", 1.5m),
                Consumable("C0301020040100100789", "接骨板（钛合金）", 3500m, end: ended),
                Consumable("C01010100101001039410000001", "气管支气管支架（产品规格码）", 12000m),
            ],
            [CatalogItemKind.Service] =
            [
                Service("001102000010000", "普通门诊诊查费", lv3: 8m, lv2: 6.5m, lv1: 5m),
                Service("001102000020000", "副主任医师诊查费", lv3: 15m, lv2: 12m, lv1: 9.5m),
                Service("001201000010000", "静脉注射", lv3: 5m, lv2: 4.5m, lv1: 4m),
                Service("002501030010000", "血常规检查", lv3: 20m, lv2: 18m, lv1: 15m),
                Service("002301010010000", "普通心电图检查", lv3: 22m, lv2: 20m, lv1: 18m),
                Service("001102000010000-110200001", "普通门诊诊查费（省编码）", lv3: 8m, lv2: 6.5m, lv1: 5m),
                Service("003101000010000", "取暖费（已停用）", cap: 10m, begin: since, end: ended),
            ],
            [CatalogItemKind.Diagnosis] =
            [
                Plain(CatalogItemKind.Diagnosis, "I10.x00x002", "高血压"),
                Plain(CatalogItemKind.Diagnosis, "E11.900", "2型糖尿病"),
                Plain(CatalogItemKind.Diagnosis, "J06.900", "急性上呼吸道感染"),
                Plain(CatalogItemKind.Diagnosis, "K29.700", "胃炎"),
                Plain(CatalogItemKind.Diagnosis, "M81.000", "绝经后骨质疏松"),
            ],
            [CatalogItemKind.Operation] =
            [
                Plain(CatalogItemKind.Operation, "65.2501", "卵巢病损切除术"),
                Plain(CatalogItemKind.Operation, "09.4300x001", "鼻泪管探通术"),
                Plain(CatalogItemKind.Operation, "47.0100", "腹腔镜下阑尾切除术"),
            ],
            [CatalogItemKind.Disease] =
            [
                Plain(CatalogItemKind.Disease, "M03900", "高血压"),
                Plain(CatalogItemKind.Disease, "M01600", "糖尿病"),
                Plain(CatalogItemKind.Disease, "M07800", "慢性阻塞性肺疾病"),
            ],
        };

        static CatalogRow Drug(string code, string name, string level, bool restricted = false, DateOnly? end = null, bool valid = true) =>
            new() { Kind = CatalogItemKind.Drug, Code = code, Name = name, ChargeLevel = level, RestrictedUse = restricted, BeginDate = new DateOnly(2020, 1, 1), EndDate = end, Valid = valid };

        static CatalogRow Herb(string code, string name) =>
            new() { Kind = CatalogItemKind.Herb, Code = code, Name = name, ChargeLevel = "01" };

        static CatalogRow Consumable(string code, string name, decimal cap, DateOnly? end = null) =>
            new() { Kind = CatalogItemKind.Consumable, Code = code, Name = name, ChargeLevel = "02", PriceCap = cap, EndDate = end };

        static CatalogRow Service(string code, string name, decimal? lv3 = null, decimal? lv2 = null, decimal? lv1 = null, decimal? cap = null, DateOnly? begin = null, DateOnly? end = null) =>
            new() { Kind = CatalogItemKind.Service, Code = code, Name = name, ChargeLevel = "01", Level3Price = lv3, Level2Price = lv2, Level1Price = lv1, PriceCap = cap, BeginDate = begin, EndDate = end };

        static CatalogRow Plain(CatalogItemKind kind, string code, string name) => new() { Kind = kind, Code = code, Name = name };
    }
}
