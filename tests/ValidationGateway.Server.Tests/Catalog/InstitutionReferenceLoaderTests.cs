using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Codes;
using ValidationGateway.Core.Institutions;
using ValidationGateway.Server.Catalog;
using ValidationGateway.Storage.Sqlite;

namespace ValidationGateway.Server.Tests.Catalog;

/// <summary>Loading every institution in one scan gives what loading each on its own gives, whatever order the store keeps rows in.</summary>
public sealed class InstitutionReferenceLoaderTests : IDisposable
{
    private const string H1 = "H21010200001";
    private const string H2 = "H21010200002";
    private const string P3 = "P21010200003";
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly string _dir = Directory.CreateTempSubdirectory("vgw-loader-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static MappingRow Mapping(string institution, string local, string national, DateOnly? begin = null, DateOnly? end = null) =>
        new() { InstitutionCode = institution, LocalCode = local, NationalCode = national, ItemType = ItemType.Drug, LocalName = "名称", BeginDate = begin, EndDate = end };

    private static List<string> Describe(InstitutionReferenceData reference, IEnumerable<string> locals)
    {
        var described = new List<string>();
        foreach (var local in locals)
        {
            foreach (var mapping in reference.MappingsOf(local))
            {
                described.Add($"{local}>{mapping.NationalCode} {mapping.ItemType} {mapping.EffectiveItemType(CodeFormatProfile.Default)} {mapping.BeginDay}..{mapping.EndDay}");
            }
        }

        return described;
    }

    [Fact]
    public async Task LoadAllAsync_InstitutionWrittenInTwoTurns_EqualsLoadingEachInstitutionAlone()
    {
        await using var store = await SqliteGatewayStore.OpenAsync(Path.Combine(_dir, "vgw.db"), TimeProvider.System, None);
        await store.UpsertInstitutionAsync(new InstitutionRecord(H1, "一院", 3, InstitutionType.Hospital), None);
        await store.UpsertInstitutionAsync(new InstitutionRecord(H2, "二院", 2, InstitutionType.Hospital), None);
        await store.UpsertInstitutionAsync(new InstitutionRecord(P3, "药房", 1, InstitutionType.Pharmacy), None);
        await store.UpsertMappingsAsync(H1, [Mapping(H1, "YP1", "XA11CCA351E002010101121", new DateOnly(2025, 1, 1)), Mapping(H1, "HC1", "C0101010010100103941") with { ItemType = ItemType.Unspecified }], replaceAll: false, None);
        await store.UpsertMappingsAsync(H2, [Mapping(H2, "YP1", "ZD03AAA0043010100166")], replaceAll: false, None);
        // After H2's rows: H1's rows are in two runs, and YP1's older period comes after its newer one.
        await store.UpsertMappingsAsync(H1, [Mapping(H1, "YP1", "XA11CCA351E002010101523", new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31)), Mapping(H1, "ZL1", "001102000010000")], replaceAll: false, None);
        await store.UpsertPractitionersAsync([new("D210102000001", PractitionerKind.Doctor, H1, "医师", true), new("Y210102000003", PractitionerKind.Pharmacist, P3, "药师", true)], None);

        var all = await InstitutionReferenceLoader.LoadAllAsync(store, CodeFormatProfile.Default, None);

        var institutions = await store.ListInstitutionsAsync(None);
        Assert.Equal(institutions.Select(i => i.Code), all.Select(r => r.Institution.Code));
        string[] locals = ["YP1", "HC1", "ZL1", "YP2"];
        foreach (var loaded in all)
        {
            var code = loaded.Institution.Code;
            var alone = new InstitutionReferenceData(loaded.Institution, await store.GetMappingsAsync(code, None), await store.GetPractitionersAsync(code, None), CodeFormatProfile.Default);
            Assert.Equal(alone.MappingCount, loaded.MappingCount);
            Assert.Equal(alone.PractitionerCount, loaded.PractitionerCount);
            Assert.Equal(Describe(alone, locals), Describe(loaded, locals));
        }

        var h1 = all.Single(r => r.Institution.Code == H1);
        Assert.Equal(4, h1.MappingCount);
        Assert.Equal(["XA11CCA351E002010101523", "XA11CCA351E002010101121"], Describe(h1, ["YP1"]).Select(d => d[4..27]));
        Assert.True(h1.IsRegisteredDoctor("D210102000001"));
        var p3 = all.Single(r => r.Institution.Code == P3);
        Assert.Equal((0, 1), (p3.MappingCount, p3.PractitionerCount));
        Assert.True(p3.IsRegisteredPharmacist("Y210102000003"));
    }
}
