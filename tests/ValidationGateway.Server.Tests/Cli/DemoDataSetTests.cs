using ValidationGateway.Core.Catalog;
using ValidationGateway.Core.Codes;
using ValidationGateway.Server.Demo;

namespace ValidationGateway.Server.Tests.Cli;

public class DemoDataSetTests
{
    [Fact]
    public void Rows_EveryCatalogKindIsPresent() =>
        Assert.Equal(Enum.GetValues<CatalogItemKind>().Order(), DemoDataSet.Rows.Keys.Order());

    [Fact]
    public void Rows_EveryCodeHasTheShapeOfItsFamily()
    {
        var profile = CodeFormatProfile.Default;
        foreach (var (kind, rows) in DemoDataSet.Rows)
        {
            foreach (var row in rows)
            {
                var family = kind switch
                {
                    CatalogItemKind.Diagnosis => CodeFamily.Diagnosis,
                    CatalogItemKind.Operation => CodeFamily.Operation,
                    CatalogItemKind.Disease => CodeFamily.ChronicDisease,
                    _ => profile.DetectListFamily(row.Code),
                };
                Assert.True(family != CodeFamily.Unknown && profile.IsWellFormed(family, row.Code), $"{kind} {row.Code} is not a well-formed {family} code");
            }
        }
    }

    [Fact]
    public void Rows_CoverEveryListFamily()
    {
        var families = DemoDataSet.Rows.Values.SelectMany(r => r).Select(r => CodeFormatProfile.Default.DetectListFamily(r.Code)).ToHashSet();
        Assert.Superset(new HashSet<CodeFamily> { CodeFamily.WesternDrug, CodeFamily.PatentDrug, CodeFamily.Herbal, CodeFamily.Consumable, CodeFamily.ServiceItem }, families);
    }

    [Fact]
    public void Institutions_HaveWellFormedCodesOfTheirType()
    {
        foreach (var i in DemoDataSet.Institutions)
        {
            var family = i.Type == ValidationGateway.Core.Institutions.InstitutionType.Pharmacy ? CodeFamily.Pharmacy : CodeFamily.Hospital;
            Assert.True(CodeFormatProfile.Default.IsWellFormed(family, i.Code), i.Code);
        }
    }
}
