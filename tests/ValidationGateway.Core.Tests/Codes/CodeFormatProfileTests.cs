using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Codes;

namespace ValidationGateway.Core.Tests.Codes;

public class CodeFormatProfileTests
{
    private static readonly CodeFormatProfile Profile = CodeFormatProfile.Default;

    [Theory]
    [InlineData("XA11CCA351E002010101121", CodeFamily.WesternDrug)]
    [InlineData("XL02BGA045A001010101003", CodeFamily.WesternDrug)]
    [InlineData("ZD03AAA0043010100166", CodeFamily.PatentDrug)]
    [InlineData("C0101010010100103941", CodeFamily.Consumable)]
    [InlineData("C01010100101001039410000001", CodeFamily.Consumable)]
    [InlineData("001102000010000", CodeFamily.ServiceItem)]
    [InlineData("001102000010000-110200001", CodeFamily.ServiceItem)]
    [InlineData("T001700643", CodeFamily.Herbal)]
    public void DetectListFamily_RealCodes_AreWellFormedInTheirFamily(string code, CodeFamily family)
    {
        Assert.Equal(family, Profile.DetectListFamily(code));
        Assert.True(Profile.IsWellFormed(family, code));
    }

    [Theory]
    [InlineData("XA11CCA351E00201010112", CodeFamily.WesternDrug)] // 22 chars
    [InlineData("xA11CCA351E002010101121", CodeFamily.Unknown)] // lower-case prefix is no family
    [InlineData("ZD03AAA004301010016", CodeFamily.PatentDrug)] // 19 chars
    [InlineData("C1801010010100103941", CodeFamily.Consumable)] // level-1 class 18 does not exist
    [InlineData("C0001010010100103941", CodeFamily.Consumable)] // class 00 does not exist
    [InlineData("C010101001010010394", CodeFamily.Consumable)] // 19 chars
    [InlineData("00110200001000", CodeFamily.ServiceItem)] // 14 digits
    [InlineData("001102000010000-", CodeFamily.ServiceItem)] // empty suffix
    public void IsWellFormed_BrokenCodes_AreMalformed(string code, CodeFamily detected)
    {
        var family = Profile.DetectListFamily(code);
        Assert.Equal(detected, family);
        Assert.False(family != CodeFamily.Unknown && Profile.IsWellFormed(family, code));
    }

    [Theory]
    [InlineData(CodeFamily.Diagnosis, "A00.000x001", true)]
    [InlineData(CodeFamily.Diagnosis, "I10.x00x002", true)]
    [InlineData(CodeFamily.Diagnosis, "I10.X00X002", true)]
    [InlineData(CodeFamily.Diagnosis, "B22.001+F02.4*", true)]
    [InlineData(CodeFamily.Diagnosis, "I10", true)]
    [InlineData(CodeFamily.Diagnosis, "I1.0", false)]
    [InlineData(CodeFamily.Operation, "09.4300x001", true)]
    [InlineData(CodeFamily.Operation, "65.2501", true)]
    [InlineData(CodeFamily.Operation, "652501", false)]
    [InlineData(CodeFamily.Hospital, "H21010200123", true)]
    [InlineData(CodeFamily.Hospital, "H2101020012", false)]
    [InlineData(CodeFamily.Pharmacy, "P45010301036", true)]
    [InlineData(CodeFamily.Doctor, "D210102000123", true)]
    [InlineData(CodeFamily.Doctor, "D21010200012", false)]
    [InlineData(CodeFamily.Nurse, "N210102000123", true)]
    [InlineData(CodeFamily.Pharmacist, "Y210102000123", true)]
    [InlineData(CodeFamily.ChronicDisease, "M03900", true)]
    [InlineData(CodeFamily.ChronicDisease, "M0390", false)]
    public void IsWellFormed_EveryFamily_FollowsDomainShapes(CodeFamily family, string code, bool expected) =>
        Assert.Equal(expected, Profile.IsWellFormed(family, code));

    [Fact]
    public void Default_CoversEveryFamily()
    {
        foreach (var family in Enum.GetValues<CodeFamily>().Where(f => f != CodeFamily.Unknown))
        {
            Assert.True(Profile.TryGetFamily(family, out _), $"default profile lacks {family}");
        }
    }

    [Fact]
    public void ItemTypeOf_ListFamilies_MapToItemTypes()
    {
        Assert.Equal(ItemType.Drug, Profile.ItemTypeOf(CodeFamily.WesternDrug));
        Assert.Equal(ItemType.Drug, Profile.ItemTypeOf(CodeFamily.PatentDrug));
        Assert.Equal(ItemType.Herb, Profile.ItemTypeOf(CodeFamily.Herbal));
        Assert.Equal(ItemType.Consumable, Profile.ItemTypeOf(CodeFamily.Consumable));
        Assert.Equal(ItemType.Service, Profile.ItemTypeOf(CodeFamily.ServiceItem));
    }

    [Fact]
    public void Parse_RegionProfileOverride_ChangesShapeWithoutCode()
    {
        var profile = CodeFormatProfile.Parse("""
            { "profile": "test-region", "families": [
              { "kind": "ServiceItem", "role": "list", "item_type": "service", "detect": "^\\d", "pattern": "^\\d{9}[a-z]?$" } ] }
            """);
        Assert.Equal("test-region", profile.Name);
        Assert.True(profile.IsWellFormed(CodeFamily.ServiceItem, "110200002a"));
        Assert.False(profile.IsWellFormed(CodeFamily.ServiceItem, "001102000010000"));
    }

    [Theory]
    [InlineData("{ \"families\": [] }", "no 'families'")]
    [InlineData("{ \"families\": [ { \"kind\": \"Martian\", \"role\": \"list\", \"detect\": \"^X\" } ] }", "families[0].kind 'Martian'")]
    [InlineData("{ \"families\": [ { \"kind\": \"Doctor\", \"role\": \"practitioner\", \"detect\": \"^D\", \"pattern\": \"([\" } ] }", "families[0] (Doctor) has an invalid regex")]
    [InlineData("not json", "not valid JSON")]
    public void Parse_BadProfile_NamesTheProblem(string json, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => CodeFormatProfile.Parse(json));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }
}
