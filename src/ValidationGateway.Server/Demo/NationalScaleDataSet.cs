using System.Globalization;
using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Catalog;
using ValidationGateway.Core.Institutions;
using ValidationGateway.Core.Rules;

namespace ValidationGateway.Server.Demo;

/// <summary>
/// A synthetic catalog and institution population at national scale (DOMAIN.md §7), generated row by row so nothing
/// is held in memory: ≈300k drugs (X… 23-char western, Z… 20-char patent), 1M consumables (60k 20-char codes and
/// 940k 27-char product codes under them), 20k service items with caps by hospital level, 40k ICD-10 diagnoses, 500
/// M-code chronic diseases and 2,000 institutions (H/P codes in real admin divisions) with up to 2,500 approved
/// mappings each, all multiplied by <see cref="Scale"/>.
/// </summary>
/// <remarks>
/// Deterministic: the i-th code of a kind is a pure function of i, so a re-run or a test sees the same data. Codes are
/// unique by construction (every generated segment is a mixed-radix digit of i) and have the national shapes of
/// DOMAIN.md §2. About 2% of drugs carry a second validity period (class C until 2024, class B from 2025), 1% of rows are
/// invalidated and 1% expired, as real catalogs do. Names are built from a few generic names times specs, so names
/// repeat across manufacturers and product codes the way they do in the national database.
/// </remarks>
internal sealed class NationalScaleDataSet
{
    /// <summary>Catalog kinds the data set fills, in import order.</summary>
    public static IReadOnlyList<CatalogItemKind> Kinds { get; } =
        [CatalogItemKind.Drug, CatalogItemKind.Consumable, CatalogItemKind.Service, CatalogItemKind.Diagnosis, CatalogItemKind.Disease];

    /// <summary>Default version label.</summary>
    public const string DefaultVersion = "2026.12-national";

    /// <summary>Mappings per institution at any scale (capped by the catalog codes the institution may charge).</summary>
    public const int MappingsPerInstitution = 2_500;

    private static readonly DateOnly Start = new(2020, 1, 1);

    private static readonly string[] Atc = ["A02BC", "A10BA", "A10BB", "A11CC", "B01AC", "C01DA", "C07AB", "C08CA", "C09AA", "C09CA", "C10AA", "J01CA", "J01DC", "J01DD", "J01FA", "J01MA", "L01XE", "L02BG", "M01AE", "N02BE", "N05CF", "N06AB", "R03AC", "R06AX", "S01AA"];
    private static readonly string[] DosageForms = ["A001", "E002", "X003", "B001", "C002", "D001", "F004", "G001", "H002", "K001"];
    private static readonly string[] FormNames = ["片", "软胶囊", "注射液", "胶囊", "颗粒", "缓释片", "口服溶液", "注射用无菌粉末", "滴眼液", "肠溶片"];
    private static readonly string[] DrugNames = ["阿莫西林", "二甲双胍", "格列美脲", "骨化三醇", "阿司匹林", "硝酸甘油", "美托洛尔", "硝苯地平", "卡托普利", "缬沙坦", "阿托伐他汀", "氨苄西林", "头孢呋辛", "头孢曲松", "红霉素", "左氧氟沙星", "伊马替尼", "来曲唑", "布洛芬", "对乙酰氨基酚", "唑吡坦", "舍曲林", "沙丁胺醇", "氯雷他定", "氯霉素"];
    private static readonly string[] PatentNames = ["艾附暖宫丸", "六味地黄丸", "复方丹参滴丸", "板蓝根颗粒", "连花清瘟胶囊", "银翘解毒片", "藿香正气水", "安宫牛黄丸", "血塞通注射液", "脑心通胶囊"];
    private static readonly string[] ConsumableNames = ["一次性使用无菌注射器", "一次性使用输液器", "医用外科口罩", "气管支气管支架", "导尿管", "中心静脉导管", "人工髋关节假体", "冠状动脉支架", "可吸收缝合线", "医用脱脂纱布"];
    private static readonly string[] ConsumableSpecs = ["1ml", "2ml", "5ml", "10ml", "20G", "22G", "Φ3.0", "Φ3.5", "S", "M", "L", "10cm×10cm"];
    private static readonly string[] ServiceNames = ["普通门诊诊查费", "副主任医师诊查费", "静脉注射", "肌肉注射", "血常规", "尿常规", "心电图检查", "彩色多普勒超声", "CT平扫", "磁共振平扫", "清创缝合", "换药", "住院诊查费", "护理费", "床位费"];
    private static readonly string[] DiagnosisNames = ["霍乱", "伤寒", "结核", "肺炎", "高血压", "糖尿病", "冠心病", "脑梗死", "慢性肾病", "骨折"];

    // Real county-level divisions (GB/T 2260) with their city and district names, for H/P codes and institution names.
    private static readonly (string Code, string City, string District)[] Divisions =
    [
        ("110101", "北京市", "东城区"), ("110105", "北京市", "朝阳区"), ("110108", "北京市", "海淀区"), ("120101", "天津市", "和平区"),
        ("130102", "石家庄市", "长安区"), ("140105", "太原市", "小店区"), ("150102", "呼和浩特市", "新城区"), ("210102", "沈阳市", "和平区"),
        ("210103", "沈阳市", "沈河区"), ("220102", "长春市", "南关区"), ("230102", "哈尔滨市", "道里区"), ("310101", "上海市", "黄浦区"),
        ("310104", "上海市", "徐汇区"), ("320102", "南京市", "玄武区"), ("330106", "杭州市", "西湖区"), ("340102", "合肥市", "瑶海区"),
        ("350102", "福州市", "鼓楼区"), ("360102", "南昌市", "东湖区"), ("370102", "济南市", "历下区"), ("410102", "郑州市", "中原区"),
        ("420106", "武汉市", "武昌区"), ("430102", "长沙市", "芙蓉区"), ("440103", "广州市", "荔湾区"), ("440106", "广州市", "天河区"),
        ("450103", "南宁市", "青秀区"), ("460105", "海口市", "秀英区"), ("500103", "重庆市", "渝中区"), ("510104", "成都市", "锦江区"),
        ("520102", "贵阳市", "南明区"), ("530102", "昆明市", "五华区"), ("610113", "西安市", "雁塔区"), ("620102", "兰州市", "城关区"),
    ];

    /// <summary>Creates the data set for a scale factor (1 = national).</summary>
    public NationalScaleDataSet(double scale)
    {
        if (!(scale > 0 && scale <= 4))
        {
            throw new ArgumentException("--scale must be 'national' or a factor in (0, 4], e.g. 0.001");
        }

        Scale = scale;
        WesternDrugs = Count(230_000);
        PatentDrugs = Count(70_000);
        ConsumableParents = Count(60_000);
        ConsumableProducts = Count(940_000);
        Services = Count(20_000);
        Diagnoses = Count(40_000);
        Diseases = Count(500);
        Institutions = Count(2_000);
    }

    /// <summary>The scale factor.</summary>
    public double Scale { get; }

    public int WesternDrugs { get; }

    public int PatentDrugs { get; }

    public int ConsumableParents { get; }

    public int ConsumableProducts { get; }

    public int Services { get; }

    public int Diagnoses { get; }

    public int Diseases { get; }

    public int Institutions { get; }

    /// <summary>Parses <c>national</c> or a positive factor.</summary>
    public static NationalScaleDataSet Parse(string scale) =>
        string.Equals(scale, "national", StringComparison.OrdinalIgnoreCase) ? new NationalScaleDataSet(1)
        : double.TryParse(scale, NumberStyles.Float, CultureInfo.InvariantCulture, out var factor) ? new NationalScaleDataSet(factor)
        : throw new ArgumentException($"--scale must be 'national' or a factor such as 0.001, not '{scale}'");

    /// <summary>Distinct codes of a kind.</summary>
    public int CodesOf(CatalogItemKind kind) => kind switch
    {
        CatalogItemKind.Drug => WesternDrugs + PatentDrugs,
        CatalogItemKind.Consumable => ConsumableParents + ConsumableProducts,
        CatalogItemKind.Service => Services,
        CatalogItemKind.Diagnosis => Diagnoses,
        CatalogItemKind.Disease => Diseases,
        _ => 0,
    };

    /// <summary>True when drug i has a second validity period (two rows).</summary>
    public static bool IsRenewed(int i) => i % 50 == 7;

    /// <summary>Rows of a kind (a few drugs have two), generated lazily.</summary>
    public IEnumerable<CatalogRow> Rows(CatalogItemKind kind)
    {
        var codes = CodesOf(kind);
        for (var i = 0; i < codes; i++)
        {
            var code = CodeOf(kind, i);
            var name = NameOf(kind, i);
            var begin = Start.AddDays(i % 1_400);
            var valid = i % 100 != 3;
            var end = i % 100 == 5 ? new DateOnly(2025, 6, 30) : (DateOnly?)null;
            var level = (i % 10) switch { < 5 => "01", < 9 => "02", _ => "03" };
            switch (kind)
            {
                case CatalogItemKind.Drug when IsRenewed(i):
                    yield return new CatalogRow { Kind = kind, Code = code, Name = name, BeginDate = Start, EndDate = new DateOnly(2024, 12, 31), ChargeLevel = "03" };
                    yield return new CatalogRow { Kind = kind, Code = code, Name = name, BeginDate = new DateOnly(2025, 1, 1), ChargeLevel = "02", RestrictedUse = i % 3 == 0 };
                    break;
                case CatalogItemKind.Drug:
                    yield return new CatalogRow { Kind = kind, Code = code, Name = name, BeginDate = begin, EndDate = end, Valid = valid, ChargeLevel = level, RestrictedUse = i % 17 == 0 };
                    break;
                case CatalogItemKind.Consumable:
                    yield return new CatalogRow
                    {
                        Kind = kind, Code = code, Name = name, BeginDate = begin, EndDate = end, Valid = valid, ChargeLevel = level == "03" ? "03" : "02",
                        PriceCap = i % 4 == 0 ? 20m + (i % 500) : null,
                    };
                    break;
                case CatalogItemKind.Service:
                    var lv3 = 5m + (i % 200) * 2.5m;
                    yield return new CatalogRow
                    {
                        Kind = kind, Code = code, Name = name, BeginDate = begin, Valid = valid, ChargeLevel = "01",
                        Level3Price = lv3, Level2Price = decimal.Round(lv3 * 0.9m, 2), Level1Price = decimal.Round(lv3 * 0.8m, 2),
                    };
                    break;
                default:
                    yield return new CatalogRow { Kind = kind, Code = code, Name = name, BeginDate = Start };
                    break;
            }
        }
    }

    /// <summary>
    /// Knowledge points on the generated codes, 1,400 at national scale: drugs for women only, for men only, for
    /// children only and for adults only; pairs of services that may not be charged in one visit, services charged once
    /// per visit, services with a daily limit, and services that include a consumable. Every point is on codes that
    /// are valid with no end date, and no code feeds two kinds of point.
    /// </summary>
    public IEnumerable<KnowledgePoint> KnowledgePoints()
    {
        foreach (var i in Spread(WesternDrugs, Count(300), 11))
        {
            yield return new() { Rule = RuleId.GenderRestricted, Code = WesternDrug(i), Gender = "2", Note = "限女性" };
        }

        foreach (var i in Spread(WesternDrugs, Count(300), 13))
        {
            yield return new() { Rule = RuleId.AgeRestricted, Code = WesternDrug(i), AgeMax = 17, Note = "儿童专用" };
        }

        foreach (var i in Spread(PatentDrugs, Count(150), 11))
        {
            yield return new() { Rule = RuleId.GenderRestricted, Code = PatentDrug(i), Gender = "1", Note = "限男性" };
        }

        foreach (var i in Spread(PatentDrugs, Count(150), 15))
        {
            yield return new() { Rule = RuleId.AgeRestricted, Code = PatentDrug(i), AgeMin = 18, Note = "限成人" };
        }

        foreach (var i in Spread(Services, Count(100), 1))
        {
            if (FirstValid(i + 1, Services) is var other and >= 0)
            {
                yield return new() { Rule = RuleId.DuplicateCharge, Code = Service(i), CodeB = Service(other), Note = "不得同时收取" };
            }
        }

        foreach (var i in Spread(Services, Count(100), 6))
        {
            yield return new() { Rule = RuleId.DuplicateCharge, Code = Service(i), CodeB = Service(i), Note = "每次就诊限收一次" };
        }

        foreach (var i in Spread(Services, Count(200), 8))
        {
            yield return new() { Rule = RuleId.FrequencyExceeded, Code = Service(i), MaxPerDay = 1 + (i % 4), Note = "每日限次" };
        }

        var consumables = Spread(ConsumableParents, Count(100), 0).ToList();
        var k = 0;
        foreach (var i in Spread(Services, Count(100), 10))
        {
            yield return new() { Rule = RuleId.ConsumableNotSeparatelyChargeable, Code = Service(i), CodeB = ConsumableParent(consumables[k++ % consumables.Count]), Note = "项目内含耗材不得另收" };
        }
    }

    /// <summary>The i-th code of a kind, in its national shape.</summary>
    public string CodeOf(CatalogItemKind kind, int i) => kind switch
    {
        CatalogItemKind.Drug => i < WesternDrugs ? WesternDrug(i) : PatentDrug(i - WesternDrugs),
        CatalogItemKind.Consumable => i < ConsumableParents ? ConsumableParent(i) : ConsumableProduct(i - ConsumableParents),
        CatalogItemKind.Service => Service(i),
        CatalogItemKind.Diagnosis => Diagnosis(i),
        CatalogItemKind.Disease => string.Create(CultureInfo.InvariantCulture, $"M{i + 1:00000}"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>X + ATC level 4 (5) + name (letter + 3) + dosage form (4) + spec/pack (4) + manufacturer (5) = 23.</summary>
    public static string WesternDrug(int i)
    {
        // 12 products (3 specs × 4 packs) per generic; a generic is (name, dosage form), unique for 260,000 generics.
        var generic = i / 12;
        var product = i % 12;
        var name = generic % 26_000;
        var manufacturer = ((generic * 7_919) + (product * 131)) % 100_000;
        return string.Create(CultureInfo.InvariantCulture,
            $"X{Atc[generic % Atc.Length]}{(char)('A' + (name / 1_000))}{name % 1_000:000}{DosageForms[generic / 26_000 % DosageForms.Length]}0{(product / 4) + 1}0{(product % 4) + 1}{manufacturer:00000}");
    }

    /// <summary>Z + class (letter, 2 digits, 2 letters) + name (letter + 4) + spec/pack (4) + manufacturer (5) = 20.</summary>
    public static string PatentDrug(int i)
    {
        var generic = i / 6;
        var product = i % 6;
        var cls = generic % 20;
        return string.Create(CultureInfo.InvariantCulture,
            $"Z{(char)('A' + (cls % 8))}{(cls % 12) + 1:00}{(char)('A' + (cls % 3))}A{(char)('A' + (generic / 10_000 % 26))}{generic % 10_000:0000}0{(product / 3) + 1}0{(product % 3) + 1}{((generic * 3_331) + product) % 100_000:00000}");
    }

    /// <summary>C + class 2+2+2 (level 1 01..17) + generic name 3 + material 2 + spec 3 + manufacturer 5 = 20.</summary>
    public static string ConsumableParent(int i)
    {
        const int Classes = 17 * 20 * 12;
        var cls = i % Classes;
        var rest = i / Classes;
        return string.Create(CultureInfo.InvariantCulture,
            $"C{(cls % 17) + 1:00}{(cls / 17 % 20) + 1:00}{(cls / 340) + 1:00}{(rest % 200) + 1:000}{(i * 7 % 20) + 1:00}{rest / 200 % 1_000:000}{((i * 4_099) + 17) % 100_000:00000}");
    }

    /// <summary>A 27-character product code: one of the 20-character codes + 7 digits.</summary>
    public string ConsumableProduct(int i)
    {
        var parent = i % ConsumableParents;
        var k = (long)(i / ConsumableParents);
        // k ↦ (k × 7919 + 1234567) mod 10^7 is a bijection, so suffixes under one parent never repeat.
        return string.Create(CultureInfo.InvariantCulture, $"{ConsumableParent(parent)}{((k * 7_919) + 1_234_567) % 10_000_000:0000000}");
    }

    /// <summary>15 digits: 00 + chapter (11..34) + section (2) + item (5) + 0000.</summary>
    public static string Service(int i) =>
        string.Create(CultureInfo.InvariantCulture, $"00{11 + (i % 24)}{i / 24 % 100:00}{i / 2_400:00000}0000");

    /// <summary>ICD-10 医保版: letter + 2 digits + . + 3 (first digit varies) + optional x + 3.</summary>
    public static string Diagnosis(int i)
    {
        var category = i % 2_600;
        var r = i / 2_600;
        var extension = r / 10;
        return string.Create(CultureInfo.InvariantCulture,
            $"{(char)('A' + (category / 100))}{category % 100:00}.{r % 10}00{(extension == 0 ? "" : "x" + extension.ToString("000", CultureInfo.InvariantCulture))}");
    }

    private string NameOf(CatalogItemKind kind, int i) => kind switch
    {
        CatalogItemKind.Drug => i >= WesternDrugs ? PatentNames[(i - WesternDrugs) / 6 % PatentNames.Length] : DrugNames[i / 12 % DrugNames.Length] + FormNames[i / 12 / 26_000 % FormNames.Length],
        CatalogItemKind.Consumable => ConsumableNames[i % ConsumableNames.Length] + " " + ConsumableSpecs[i / 10 % ConsumableSpecs.Length],
        CatalogItemKind.Service => ServiceNames[i % ServiceNames.Length] + (i < ServiceNames.Length ? "" : "（" + (i / ServiceNames.Length).ToString(CultureInfo.InvariantCulture) + "）"),
        CatalogItemKind.Diagnosis => DiagnosisNames[i % DiagnosisNames.Length],
        _ => "门诊慢特病" + (i + 1).ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The i-th institution: 80% hospitals (10% level 3, 30% level 2, 60% level 1), 20% pharmacies.</summary>
    public static InstitutionRecord InstitutionAt(int i)
    {
        var (division, city, district) = Divisions[i % Divisions.Length];
        var serial = (i / Divisions.Length) + 1;
        var pharmacy = i % 5 == 4;
        var level = pharmacy ? 1 : (i % 10) switch { 0 => 3, < 4 => 2, _ => 1 };
        var code = string.Create(CultureInfo.InvariantCulture, $"{(pharmacy ? 'P' : 'H')}{division}{serial:00000}");
        var name = pharmacy ? $"{city}{district}大药房第{serial}店"
            : level switch { 3 => $"{city}第{serial}人民医院", 2 => $"{city}{district}第{serial}中心医院", _ => $"{city}{district}第{serial}社区卫生服务中心" };
        return new InstitutionRecord(code, name, level, pharmacy ? InstitutionType.Pharmacy : InstitutionType.Hospital);
    }

    /// <summary>An institution's approved mappings: drugs (pharmacies) or drugs, consumables and services (hospitals), spread over the catalog.</summary>
    public IEnumerable<MappingRow> MappingsOf(int institutionIndex, InstitutionRecord institution)
    {
        var drugs = CodesOf(CatalogItemKind.Drug);
        var consumables = CodesOf(CatalogItemKind.Consumable);
        var services = CodesOf(CatalogItemKind.Service);
        var pharmacy = institution.Type == InstitutionType.Pharmacy;
        var available = pharmacy ? drugs : drugs + consumables + services;
        var count = Math.Min(MappingsPerInstitution, available);
        // A stride co-prime with the range visits distinct codes; the offset makes institutions differ.
        var stride = CoprimeStride(available);
        var offset = (int)((long)institutionIndex * 104_729 % available);
        for (var k = 0; k < count; k++)
        {
            var n = (int)((offset + ((long)k * stride)) % available);
            var (kind, prefix, type, index) = pharmacy || n < drugs ? (CatalogItemKind.Drug, "YP", ItemType.Drug, n)
                : n < drugs + consumables ? (CatalogItemKind.Consumable, "HC", ItemType.Consumable, n - drugs)
                : (CatalogItemKind.Service, "ZL", ItemType.Service, n - drugs - consumables);
            yield return new MappingRow
            {
                InstitutionCode = institution.Code,
                LocalCode = string.Create(CultureInfo.InvariantCulture, $"{prefix}{index:0000000}"),
                NationalCode = CodeOf(kind, index),
                ItemType = type,
                LocalName = NameOf(kind, index),
            };
        }
    }

    /// <summary>Registered practitioners: doctors D + division + serial at hospitals, pharmacists Y + … at pharmacies.</summary>
    public static IEnumerable<PractitionerRow> PractitionersOf(int institutionIndex, InstitutionRecord institution)
    {
        var division = institution.AdminDivision;
        var pharmacy = institution.Type == InstitutionType.Pharmacy;
        var count = pharmacy ? 3 : 10;
        for (var k = 0; k < count; k++)
        {
            var serial = (institutionIndex * 10) + k + 1;
            yield return new PractitionerRow(
                string.Create(CultureInfo.InvariantCulture, $"{(pharmacy ? 'Y' : 'D')}{division}{serial % 1_000_000:000000}"),
                pharmacy ? PractitionerKind.Pharmacist : PractitionerKind.Doctor, institution.Code, pharmacy ? "药师" + (k + 1) : "医师" + (k + 1), true);
        }
    }

    /// <summary>Up to <paramref name="count"/> indexes spread evenly over [0, n), each <paramref name="offset"/> past its
    /// even spot and then moved on to the first code valid with no end date (see <see cref="Rows"/>).</summary>
    private static IEnumerable<int> Spread(int n, int count, int offset)
    {
        for (var k = 0; k < count; k++)
        {
            if (FirstValid((int)((long)k * n / count) + offset, n) is var i and >= 0)
            {
                yield return i;
            }
        }
    }

    /// <summary>The first index from <paramref name="i"/> below <paramref name="n"/> whose code is valid with no end date
    /// and one period (see <see cref="Rows"/>), or −1.</summary>
    private static int FirstValid(int i, int n)
    {
        while (i < n && (i % 100 is 3 or 5 || IsRenewed(i)))
        {
            i++;
        }

        return i < n ? i : -1;
    }

    private static int CoprimeStride(int range)
    {
        var stride = 7_919 % Math.Max(range, 1);
        while (stride > 1 && Gcd(stride, range) != 1)
        {
            stride--;
        }

        return Math.Max(stride, 1);
    }

    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);

    private int Count(int national) => Math.Max(1, (int)Math.Round(national * Scale));
}
