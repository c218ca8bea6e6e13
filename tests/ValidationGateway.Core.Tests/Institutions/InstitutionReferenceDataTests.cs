using System.Globalization;
using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Codes;
using ValidationGateway.Core.Institutions;
using ValidationGateway.Core.Tests.Support;

namespace ValidationGateway.Core.Tests.Institutions;

/// <summary>The packed mapping table behind <see cref="InstitutionReferenceData.MappingsOf"/>: periods, codes it cannot pack, absent codes, item types, size.</summary>
public class InstitutionReferenceDataTests
{
    private static readonly InstitutionRecord Hospital = new(Requests.Hospital, "测试医院", 3, InstitutionType.Hospital);

    private static MappingRow Mapping(string local, string national, ItemType type = ItemType.Unspecified, DateOnly? begin = null, DateOnly? end = null) => new()
    {
        InstitutionCode = Hospital.Code,
        LocalCode = local,
        NationalCode = national,
        ItemType = type,
        LocalName = "本院" + local,
        BeginDate = begin,
        EndDate = end,
    };

    private static readonly string[] LocalCodes = ["A", "B", "C", "D", "E", "F"];

    private static InstitutionReferenceData Reference(CodeFormatProfile? codes, params MappingRow[] rows) => new(Hospital, rows, [], codes);

    private static List<(string National, ItemType Type, int Begin, int End)> Read(InstitutionReferenceData reference, string local)
    {
        var read = new List<(string, ItemType, int, int)>();
        foreach (var mapping in reference.MappingsOf(local))
        {
            read.Add((mapping.NationalCode, mapping.ItemType, mapping.BeginDay, mapping.EndDay));
        }

        return read;
    }

    [Fact]
    public void MappingsOf_LocalCodeWithSeveralPeriodsInAnyOrder_ReturnsEachByBeginDateOpenFirstWithItsDates()
    {
        var first = new DateOnly(2024, 1, 1);
        var last = new DateOnly(2024, 12, 31);
        var next = new DateOnly(2025, 1, 1);
        // Rows of other codes in between: the table groups by local code whatever the order it is given.
        var reference = Reference(CodeFormatProfile.Default,
            Mapping("YP0001", TestCatalog.Drug, ItemType.Drug, first, last),
            Mapping("HC0001", TestCatalog.Consumable, ItemType.Consumable),
            Mapping("YP0001", TestCatalog.PatentDrug, ItemType.Drug, next),
            Mapping("YP0001", TestCatalog.Expired, ItemType.Drug, end: new DateOnly(2023, 12, 31)));

        Assert.Equal(
            [(TestCatalog.Expired, ItemType.Drug, int.MinValue, new DateOnly(2023, 12, 31).DayNumber), (TestCatalog.Drug, ItemType.Drug, first.DayNumber, last.DayNumber),
                (TestCatalog.PatentDrug, ItemType.Drug, next.DayNumber, int.MaxValue)],
            Read(reference, "YP0001"));
        Assert.Equal([(TestCatalog.Consumable, ItemType.Consumable, int.MinValue, int.MaxValue)], Read(reference, "HC0001"));
        Assert.Equal((4, 2, 3), (reference.MappingCount, reference.LocalCodeCount, reference.MappingsOf("YP0001").Count));

        var onDay = new List<string>();
        foreach (var mapping in reference.MappingsOf("YP0001"))
        {
            if (mapping.AppliesOn(new DateOnly(2025, 3, 1).DayNumber))
            {
                onDay.Add(mapping.NationalCode);
            }
        }

        Assert.Equal([TestCatalog.PatentDrug], onDay);
    }

    [Fact]
    public void MappingsOf_CodesThatCannotBePacked_AreKeptAndComparedExactly()
    {
        var longLocal = "L" + new string('7', 80);
        var longNational = new string('9', 70);
        var reference = Reference(CodeFormatProfile.Default,
            Mapping("本院-中药-1", "T中药饮片001", ItemType.Herb),
            Mapping(longLocal, longNational, ItemType.Service),
            Mapping("YP-2", "Z中成药", ItemType.Drug),
            Mapping("YP-2", TestCatalog.Drug, ItemType.Drug));

        Assert.Equal([("T中药饮片001", ItemType.Herb, int.MinValue, int.MaxValue)], Read(reference, "本院-中药-1"));
        Assert.Equal([(longNational, ItemType.Service, int.MinValue, int.MaxValue)], Read(reference, longLocal));
        Assert.Equal(["Z中成药", TestCatalog.Drug], Read(reference, "YP-2").Select(m => m.National));
        Assert.True(reference.MappingsOf("本院-中药-2").IsEmpty);
        Assert.True(reference.MappingsOf(longLocal + "7").IsEmpty);

        foreach (var mapping in reference.MappingsOf("本院-中药-1"))
        {
            Assert.True(mapping.NationalCodeEquals("T中药饮片001"));
            Assert.False(mapping.NationalCodeEquals("T中药饮片00"));
        }

        foreach (var mapping in reference.MappingsOf(longLocal))
        {
            Assert.True(mapping.NationalCodeEquals(longNational));
            Assert.False(mapping.NationalCodeEquals(longNational.AsSpan(0, 64)));
        }
    }

    [Fact]
    public void EmptyInstitution_MappingsOfAnyCode_IsEmpty()
    {
        var reference = Reference(CodeFormatProfile.Default);

        Assert.Equal((0, 0), (reference.MappingCount, reference.LocalCodeCount));
        Assert.True(reference.MappingsOf("YP0001").IsEmpty);
        Assert.True(reference.MappingsOf("").IsEmpty);
        Assert.True(reference.MappingsOf("本院").IsEmpty);
        Assert.Equal(0, reference.MappingsOf("YP0001").Count);
    }

    [Fact]
    public void MappingsOf_AbsentCodes_AreEmptyEvenWhenTheyShareAPrefixOrPackedLength()
    {
        var reference = Reference(CodeFormatProfile.Default, Mapping("YP0001", TestCatalog.Drug), Mapping("12345", TestCatalog.Service), Mapping("本院", TestCatalog.Consumable));

        Assert.False(reference.MappingsOf("YP0001").IsEmpty);
        Assert.True(reference.MappingsOf("YP000").IsEmpty);
        Assert.True(reference.MappingsOf("YP00011").IsEmpty);
        Assert.True(reference.MappingsOf("YP0002").IsEmpty);
        Assert.True(reference.MappingsOf("yp0001").IsEmpty);
        // "1234" and "12345" pack to the same number of bytes (the odd one padded).
        Assert.True(reference.MappingsOf("1234").IsEmpty);
        Assert.True(reference.MappingsOf("123456").IsEmpty);
        Assert.True(reference.MappingsOf("").IsEmpty);
        Assert.True(reference.MappingsOf("本").IsEmpty);
    }

    [Fact]
    public void EffectiveItemType_DeclaredTypeWins_ElseTheNationalCodesFamily_WithOrWithoutAProfileAtLoad()
    {
        MappingRow[] rows =
        [
            Mapping("A", TestCatalog.Consumable, ItemType.Drug),
            Mapping("B", TestCatalog.Consumable),
            Mapping("C", TestCatalog.Service),
            Mapping("D", TestCatalog.Drug),
            Mapping("E", "no-family"),
            Mapping("F", "C中文耗材"),
        ];

        foreach (var profile in new[] { CodeFormatProfile.Default, null })
        {
            var reference = Reference(profile, rows);
            ItemType TypeOf(string local)
            {
                foreach (var mapping in reference.MappingsOf(local))
                {
                    return mapping.EffectiveItemType(CodeFormatProfile.Default);
                }

                throw new InvalidOperationException(local);
            }

            Assert.Equal(
                [ItemType.Drug, ItemType.Consumable, ItemType.Service, ItemType.Drug, ItemType.Unspecified,
                    CodeFormatProfile.Default.ItemTypeOf(CodeFormatProfile.Default.DetectListFamily("C中文耗材"))],
                LocalCodes.Select(TypeOf));
            Assert.Equal(ItemType.Unspecified, Read(reference, "B")[0].Type);
        }
    }

    [Fact]
    public void NationalCodeEquals_ComparesThePackedCodeExactly()
    {
        var reference = Reference(CodeFormatProfile.Default, Mapping("A", "C0101010010100103941"), Mapping("B", "001102000010000"), Mapping("C", "XA11CCA351E002010101121"));
        bool EqualsFor(string local, string code)
        {
            foreach (var mapping in reference.MappingsOf(local))
            {
                return mapping.NationalCodeEquals(code);
            }

            return false;
        }

        Assert.True(EqualsFor("A", "C0101010010100103941"));
        Assert.False(EqualsFor("A", "C010101001010010394"));
        Assert.False(EqualsFor("A", "C01010100101001039411"));
        Assert.False(EqualsFor("A", "c0101010010100103941"));
        Assert.True(EqualsFor("B", "001102000010000"));
        Assert.False(EqualsFor("B", "00110200001000"));
        Assert.False(EqualsFor("B", "0011020000100000"));
        Assert.False(EqualsFor("B", "00110200001000?"));
        Assert.True(EqualsFor("C", "XA11CCA351E002010101121"));
        Assert.False(EqualsFor("C", "XA11CCA351E00201010112"));
        Assert.False(EqualsFor("C", "XA11CCA351E002010101121X"));
        Assert.False(EqualsFor("C", ""));
    }

    [Fact]
    public void MappingsOf_NationalScaleInstitution_FindsEveryCodeAtUnder40BytesAMapping()
    {
        // The national data set's shapes: YP/HC/ZL + 7 digits locally, 23-char drug, 27-char consumable and 15-digit service codes.
        var rows = Enumerable.Range(0, 2_500).Select(i => (i % 4) switch
        {
            0 => Mapping(string.Create(CultureInfo.InvariantCulture, $"YP{i:0000000}"), string.Create(CultureInfo.InvariantCulture, $"XA11CCA{i % 900 + 100}E00201{i:0000000}"), ItemType.Drug),
            3 => Mapping(string.Create(CultureInfo.InvariantCulture, $"ZL{i:0000000}"), string.Create(CultureInfo.InvariantCulture, $"00110{i:0000000000}"), ItemType.Service),
            _ => Mapping(string.Create(CultureInfo.InvariantCulture, $"HC{i:0000000}"), string.Create(CultureInfo.InvariantCulture, $"C0101010010100103{i:0000000000}"), ItemType.Consumable),
        }).ToArray();

        var reference = Reference(CodeFormatProfile.Default, rows);

        Assert.Equal((2_500, 2_500), (reference.MappingCount, reference.LocalCodeCount));
        Assert.All(rows, r => Assert.Equal([(r.NationalCode, r.ItemType, int.MinValue, int.MaxValue)], Read(reference, r.LocalCode)));
        Assert.True(reference.MappingsOf("YP0002500").IsEmpty);
        Assert.InRange(reference.MappingTableBytes / (double)reference.MappingCount, 20, 40);
    }

    [Fact]
    public void Constructor_UnknownItemType_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Reference(null, Mapping("A", TestCatalog.Drug, (ItemType)9)));
        // The failed build leaves nothing behind for the next one on this thread.
        Assert.Equal(1, Reference(null, Mapping("B", TestCatalog.Drug)).MappingCount);
    }
}
