using ValidationGateway.Core.Catalog;
using ValidationGateway.Core.Codes;
using ValidationGateway.Core.Institutions;
using ValidationGateway.Core.Rules;
using ValidationGateway.Server.Demo;

namespace ValidationGateway.Benchmarks.Support;

/// <summary>The server's demo data set (src/ValidationGateway.Server/Demo/DemoDataSet.cs) seen from the level-3 demo hospital.</summary>
/// <remarks>Mappings: local code = "HIS" + national code. Doctors: "D" + the institution's 6-digit division + 000001..000009.</remarks>
internal static class DemoCatalog
{
    public const string Version = DemoDataSet.Version;
    public const string Hospital3 = DemoDataSet.Hospital3;
    public const string LocalCodePrefix = DemoDataSet.LocalCodePrefix;

    public static InstitutionRecord Institution { get; } = DemoDataSet.Institutions.Single(i => i.Code == Hospital3);

    public static IReadOnlyList<KnowledgePoint> KnowledgePoints => DemoDataSet.KnowledgePoints;

    public static IReadOnlyList<CatalogRow> Rows { get; } = [.. DemoDataSet.Rows.Values.SelectMany(rows => rows)];

    /// <summary>The hospital's approved mappings.</summary>
    public static IReadOnlyList<MappingRow> Mappings() => [.. DemoDataSet.Mappings.Where(m => m.InstitutionCode == Hospital3)];

    /// <summary>The doctors registered at the hospital.</summary>
    public static IReadOnlyList<PractitionerRow> Practitioners() => [.. DemoDataSet.Practitioners.Where(p => p.InstitutionCode == Hospital3)];

    public static InstitutionReferenceData Reference() => new(Institution, Mappings(), Practitioners(), CodeFormatProfile.Default);
}
