using ValidationGateway.Contracts.V1;

namespace ValidationGateway.LoadTest.Traffic;

/// <summary>
/// The fee-line codes and knowledge points of the gateway's demo data set
/// (<c>src/ValidationGateway.Server/Demo/DemoDataSet.cs</c>, catalog <c>2026.11-demo</c>), copied so the tool needs
/// no server assembly. Keep in step with that file.
/// </summary>
/// <remarks>
/// The demo's conventions the traffic relies on: each institution maps local code <c>HIS</c> + national code to every
/// item it may charge (hospitals: all list codes; pharmacies: drugs and herbs); hospitals register doctors
/// <c>D</c> + division + <c>000001</c>..<c>000009</c>, the pharmacy pharmacists <c>Y</c> + division + <c>000001</c>..<c>000003</c>.
/// </remarks>
internal static class DemoCatalog
{
    public static IReadOnlyList<string> Institutions { get; } = ["H21010200123", "H21010200045", "H21010300018", "P45010301036"];

    public static IReadOnlyList<CatalogItem> Items { get; } = Build();

    /// <summary>DemoDataSet.KnowledgePoints, as a rules file would give them.</summary>
    public static KnowledgePoints Knowledge { get; } = KnowledgePoints.Read(new StringReader("""
        rule_id,code,code_b,gender,age_min,age_max,max_per_day
        GENDER_RESTRICTED,ZD03AAA0043010100166,,2,,,
        GENDER_RESTRICTED,XA11CCA351E002010101121,,2,,,
        AGE_RESTRICTED,XN02BEB055X003010100129,,,,17,
        DUPLICATE_CHARGE,001102000010000,001102000020000,,,,
        DUPLICATE_CHARGE,001102000010000,001102000010000,,,,
        FREQUENCY_EXCEEDED,001201000010000,,,,,4
        FREQUENCY_EXCEEDED,002501030010000,,,,,2
        CONSUMABLE_NOT_SEPARATELY_CHARGEABLE,001201000010000,C1402010020000101234,,,,
        """), "DemoDataSet.KnowledgePoints");

    private static CatalogItem[] Build()
    {
        var since = new DateOnly(2020, 1, 1);
        var ended = new DateOnly(2025, 12, 31);
        return
        [
            Drug("XA10BAE056A001010104377", "01"),
            Drug("XC08CAX130A011010203911", "01"),
            Drug("XC09AAK143A001010101545", "01"),
            Drug("XJ01CAA040E001010102012", "01"),
            Drug("XN02BEB055A001010303066", "01"),
            Drug("XA02BCA211E002010102260", "02"),
            Drug("XC10AAA077A001010301498", "02"),
            Drug("XB01ACA056A006010100723", "01"),
            Drug("XR05CBA124X001010200345", "02"),
            Drug("XA11CCA351E002010101121", "02", restricted: true),
            Drug("XL01XEY046A001010100451", "02", restricted: true),
            Drug("XJ01DCF180A001010100982", "01", end: ended),
            Drug("XN05CFZ048A001010101736", "02", valid: false),
            Drug("ZA04BAA0021010100372", "01"),
            Drug("ZA01AAA0118010102516", "01"),
            Drug("ZD03AAA0043010100166", "02"),
            Drug("ZA12FAA0163020101003", "01"),
            Drug("ZA06BAB0083010201770", "02", end: ended),
            Drug("XN02BEB055X003010100129", "01"),
            Drug("XA16AXS186A001010100387", "03"),
            Plain("T000100178", ItemType.Herb),
            Plain("T000300564", ItemType.Herb),
            Plain("T000200011", ItemType.Herb),
            Plain("T001700643000000000", ItemType.Herb),
            Consumable("C0101010010100103941", 12000m),
            Consumable("C0201010010001000327", 798m),
            Consumable("C1402010020000101234", 0.8m),
            Consumable("C1403010030000200456", 1.5m),
            Consumable("C0301020040100100789", 3500m, ended),
            Consumable("C01010100101001039410000001", 12000m),
            Service("001102000010000", 8m, 6.5m, 5m),
            Service("001102000020000", 15m, 12m, 9.5m),
            Service("001201000010000", 5m, 4.5m, 4m),
            Service("002501030010000", 20m, 18m, 15m),
            Service("002301010010000", 22m, 20m, 18m),
            Service("001102000010000-110200001", 8m, 6.5m, 5m),
            new("003101000010000", ItemType.Service, since, ended, true, false, "01", PriceCaps.All(10m)),
        ];

        static CatalogItem Drug(string code, string level, bool restricted = false, DateOnly? end = null, bool valid = true) =>
            new(code, ItemType.Drug, new DateOnly(2020, 1, 1), end, valid, restricted, level, PriceCaps.None);

        static CatalogItem Plain(string code, ItemType type) => new(code, type, null, null, true, false, "01", PriceCaps.None);

        static CatalogItem Consumable(string code, decimal cap, DateOnly? end = null) =>
            new(code, ItemType.Consumable, null, end, true, false, "02", PriceCaps.All(cap));

        static CatalogItem Service(string code, decimal lv3, decimal lv2, decimal lv1) =>
            new(code, ItemType.Service, null, null, true, false, "01", new PriceCaps(null, lv1, lv2, lv3));
    }
}
