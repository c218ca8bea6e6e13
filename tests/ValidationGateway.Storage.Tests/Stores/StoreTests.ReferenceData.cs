using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Catalog;
using ValidationGateway.Core.Institutions;
using ValidationGateway.Core.Rules;
using ValidationGateway.Storage.Tests.TestSupport;

namespace ValidationGateway.Storage.Tests.Stores;

/// <summary>Mappings, practitioners and knowledge points, in every store.</summary>
public abstract partial class StoreTests
{
    private const string Hospital = "H21010200123";
    private const string OtherHospital = "H21010200456";

    private static MappingRow Mapping(string local, string national, DateOnly? begin = null, DateOnly? end = null, string institution = Hospital) => new()
    {
        InstitutionCode = institution,
        LocalCode = local,
        NationalCode = national,
        ItemType = ItemType.Drug,
        LocalName = "本院" + local,
        BeginDate = begin,
        EndDate = end,
    };

    private async Task<IStoreScope> WithHospitalsAsync()
    {
        var scope = await CreateScopeAsync();
        await scope.Store.UpsertInstitutionAsync(new InstitutionRecord(Hospital, "一院", 3, InstitutionType.Hospital), None);
        await scope.Store.UpsertInstitutionAsync(new InstitutionRecord(OtherHospital, "二院", 2, InstitutionType.Hospital), None);
        return scope;
    }

    [Fact]
    public async Task UpsertMappingsAsync_NewRows_ReadBackExactlyInLocalCodeOrder()
    {
        await using var scope = await WithHospitalsAsync();
        MappingRow[] rows =
        [
            Mapping("L2", "XA11CCA351E002010101121", new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31)),
            Mapping("L1", "001102000010000") with { ItemType = ItemType.Unspecified, LocalName = "" },
            Mapping("L2", "XA11CCA351E002010101523", new DateOnly(2025, 1, 1)) with { ItemType = ItemType.Consumable },
            Mapping("L3", "C0101010010100103941", new DateOnly(2023, 6, 1)) with { ItemType = ItemType.Herb },
            Mapping("L4", "110100001") with { ItemType = ItemType.Service },
        ];

        var written = await scope.Store.UpsertMappingsAsync(Hospital, rows, replaceAll: false, None);

        Assert.Equal(5, written);
        var read = await scope.Store.GetMappingsAsync(Hospital, None);
        Assert.Equal([rows[1], rows[0], rows[2], rows[3], rows[4]], read);
        Assert.Equal(5, await scope.Store.CountMappingsAsync(Hospital, None));
        Assert.Empty(await scope.Store.GetMappingsAsync(OtherHospital, None));
        Assert.Equal(0, await scope.Store.CountMappingsAsync(OtherHospital, None));
        Assert.Equal("2024-01-01", await scope.TextAsync("SELECT begndate FROM mappings WHERE med_list_codg = 'XA11CCA351E002010101121'"));
        Assert.Equal("consumable", await scope.TextAsync("SELECT item_type FROM mappings WHERE med_list_codg = 'XA11CCA351E002010101523'"));
    }

    [Fact]
    public async Task UpsertMappingsAsync_SameKeyAgain_UpdatesAndKeepsOtherRows()
    {
        await using var scope = await WithHospitalsAsync();
        await scope.Store.UpsertMappingsAsync(Hospital, [Mapping("L1", "N1"), Mapping("L2", "N2", new DateOnly(2024, 1, 1))], replaceAll: false, None);

        var written = await scope.Store.UpsertMappingsAsync(Hospital, [Mapping("L1", "N1b"), Mapping("L2", "N2b", new DateOnly(2024, 1, 1), new DateOnly(2024, 6, 30)), Mapping("L2", "N2c", new DateOnly(2024, 7, 1))], replaceAll: false, None);

        Assert.Equal(3, written);
        var read = await scope.Store.GetMappingsAsync(Hospital, None);
        Assert.Equal(["L1>N1b", "L2>N2b", "L2>N2c"], read.Select(m => m.LocalCode + ">" + m.NationalCode));
        Assert.Equal(new DateOnly(2024, 6, 30), read[1].EndDate);
    }

    [Fact]
    public async Task UpsertMappingsAsync_SameKeyTwiceInOneCall_LastRowWins()
    {
        await using var scope = await WithHospitalsAsync();

        var written = await scope.Store.UpsertMappingsAsync(Hospital, [Mapping("L1", "N1"), Mapping("L2", "N2"), Mapping("L1", "N1b")], replaceAll: false, None);

        Assert.Equal(3, written);
        Assert.Equal(["L1>N1b", "L2>N2"], (await scope.Store.GetMappingsAsync(Hospital, None)).Select(m => m.LocalCode + ">" + m.NationalCode));
    }

    [Fact]
    public async Task UpsertMappingsAsync_ReplaceAll_DeletesOnlyThatInstitutionsOtherRows()
    {
        await using var scope = await WithHospitalsAsync();
        await scope.Store.UpsertMappingsAsync(Hospital, [Mapping("L1", "N1"), Mapping("L2", "N2")], replaceAll: false, None);
        await scope.Store.UpsertMappingsAsync(OtherHospital, [Mapping("L1", "N1", institution: OtherHospital)], replaceAll: false, None);

        var written = await scope.Store.UpsertMappingsAsync(Hospital, [Mapping("L3", "N3")], replaceAll: true, None);

        Assert.Equal(1, written);
        Assert.Equal(["L3"], (await scope.Store.GetMappingsAsync(Hospital, None)).Select(m => m.LocalCode));
        Assert.Equal(1, await scope.Store.CountMappingsAsync(OtherHospital, None));
    }

    [Fact]
    public async Task UpsertMappingsAsync_ReplaceAllWithNoRows_EmptiesTheInstitution()
    {
        await using var scope = await WithHospitalsAsync();
        await scope.Store.UpsertMappingsAsync(Hospital, [Mapping("L1", "N1")], replaceAll: false, None);

        Assert.Equal(0, await scope.Store.UpsertMappingsAsync(Hospital, [], replaceAll: true, None));

        Assert.Equal(0, await scope.Store.CountMappingsAsync(Hospital, None));
    }

    [Fact]
    public async Task UpsertMappingsAsync_UnknownInstitution_ThrowsNotFoundNamingTheCommand()
    {
        await using var scope = await CreateScopeAsync();

        var error = await Assert.ThrowsAsync<StoreNotFoundException>(() =>
            scope.Store.UpsertMappingsAsync(Hospital, [Mapping("L1", "N1")], replaceAll: false, None));

        Assert.Contains(Hospital, error.Message, StringComparison.Ordinal);
        Assert.Contains("vgw institution add", error.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await scope.ScalarAsync("SELECT count(*) FROM mappings"));
    }

    [Fact]
    public async Task UpsertMappingsAsync_RowOfAnotherInstitution_ThrowsAndWritesNothing()
    {
        await using var scope = await WithHospitalsAsync();
        await scope.Store.UpsertMappingsAsync(Hospital, [Mapping("L0", "N0")], replaceAll: false, None);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => scope.Store.UpsertMappingsAsync(
            Hospital, [Mapping("L1", "N1"), Mapping("L2", "N2", institution: OtherHospital)], replaceAll: true, None));

        Assert.Contains(OtherHospital, error.Message, StringComparison.Ordinal);
        Assert.Equal(["L0"], (await scope.Store.GetMappingsAsync(Hospital, None)).Select(m => m.LocalCode));
    }

    private static async Task<List<MappingRow>> ReadAllMappingsAsync(IStoreScope scope)
    {
        var rows = new List<MappingRow>();
        await foreach (var row in scope.Store.ReadAllMappingsAsync(None))
        {
            rows.Add(row);
        }

        return rows;
    }

    [Fact]
    public async Task ReadAllMappingsAsync_SeveralInstitutionsWrittenInTurns_ReturnsEveryRowOnceWithoutNames()
    {
        await using var scope = await WithHospitalsAsync();
        await scope.Store.UpsertMappingsAsync(Hospital, [Mapping("L2", "N2", new DateOnly(2025, 1, 1)), Mapping("L1", "N1") with { ItemType = ItemType.Unspecified }], replaceAll: false, None);
        await scope.Store.UpsertMappingsAsync(OtherHospital, [Mapping("L1", "M1", institution: OtherHospital) with { ItemType = ItemType.Consumable }], replaceAll: false, None);
        // Written after the other institution's rows: in storage order this hospital's rows are not all together.
        await scope.Store.UpsertMappingsAsync(Hospital, [Mapping("L2", "N2old", new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31)), Mapping("L1", "N1b")], replaceAll: false, None);

        var all = await ReadAllMappingsAsync(scope);

        Assert.Equal(3, all.Count(r => r.InstitutionCode == Hospital));
        Assert.All(all, r => Assert.Equal("", r.LocalName));
        foreach (var institution in new[] { Hospital, OtherHospital })
        {
            var expected = (await scope.Store.GetMappingsAsync(institution, None)).Select(r => r with { LocalName = "" }).OrderBy(r => r.LocalCode, StringComparer.Ordinal).ThenBy(r => r.BeginDate);
            Assert.Equal(expected, all.Where(r => r.InstitutionCode == institution).OrderBy(r => r.LocalCode, StringComparer.Ordinal).ThenBy(r => r.BeginDate));
        }

        Assert.Contains(all, r => r.NationalCode == "N2old" && r.BeginDate == new DateOnly(2024, 1, 1) && r.EndDate == new DateOnly(2024, 12, 31) && r.ItemType == ItemType.Drug);
        Assert.Contains(all, r => r.NationalCode == "N1b" && r.BeginDate is null && r.EndDate is null);
        Assert.Contains(all, r => r.NationalCode == "M1" && r.ItemType == ItemType.Consumable && r.InstitutionCode == OtherHospital);
    }

    [Fact]
    public async Task ReadAllMappingsAsync_NoMappings_IsEmpty()
    {
        await using var scope = await WithHospitalsAsync();

        Assert.Empty(await ReadAllMappingsAsync(scope));
    }

    [Fact]
    public async Task ReadAllPractitionersAsync_SeveralInstitutions_EveryRowOrderedByInstitutionThenCode()
    {
        await using var scope = await CreateScopeAsync();
        PractitionerRow[] rows =
        [
            new("D210102000200", PractitionerKind.Doctor, OtherHospital, "王五", true),
            new("D210102000123", PractitionerKind.Doctor, Hospital, "张三", true),
            new("N210102000001", PractitionerKind.Nurse, Hospital, "李四", false),
            new("D210102000100", PractitionerKind.Doctor, OtherHospital, "", true),
        ];
        await scope.Store.UpsertPractitionersAsync(rows, None);

        var read = new List<PractitionerRow>();
        await foreach (var row in scope.Store.ReadAllPractitionersAsync(None))
        {
            read.Add(row);
        }

        Assert.Equal([rows[1], rows[2], rows[3], rows[0]], read);
    }

    [Fact]
    public async Task UpsertPractitionersAsync_SameCodeAtTwoInstitutions_KeepsBothAndUpdatesByKey()
    {
        await using var scope = await CreateScopeAsync();
        PractitionerRow[] rows =
        [
            new("D210102000123", PractitionerKind.Doctor, Hospital, "张三", true),
            new("D210102000123", PractitionerKind.Doctor, OtherHospital, "张三", true),
            new("N210102000001", PractitionerKind.Nurse, Hospital, "李四", false),
            new("Y210102000002", PractitionerKind.Pharmacist, Hospital, "", true),
        ];

        Assert.Equal(4, await scope.Store.UpsertPractitionersAsync(rows, None));
        Assert.Equal(1, await scope.Store.UpsertPractitionersAsync([rows[0] with { Valid = false, Name = "张三丰" }], None));

        var atHospital = await scope.Store.GetPractitionersAsync(Hospital, None);
        Assert.Equal([rows[0] with { Valid = false, Name = "张三丰" }, rows[2], rows[3]], atHospital);
        Assert.Equal([rows[1]], await scope.Store.GetPractitionersAsync(OtherHospital, None));
        Assert.Empty(await scope.Store.GetPractitionersAsync("H99999999999", None));
    }

    [Fact]
    public async Task UpsertPractitionersAsync_BadRowPartWay_WritesNothing()
    {
        await using var scope = await CreateScopeAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => scope.Store.UpsertPractitionersAsync(
            [new("D210102000123", PractitionerKind.Doctor, Hospital, "", true), new("", PractitionerKind.Doctor, Hospital, "", true)], None));

        Assert.Equal(0L, await scope.ScalarAsync("SELECT count(*) FROM practitioners"));
    }

    private static readonly KnowledgePoint[] Points =
    [
        new() { Rule = RuleId.GenderRestricted, Code = "XA11CCA351E002010101121", Gender = "2", Note = "限绝经后女性骨质疏松症。" },
        new() { Rule = RuleId.AgeRestricted, Code = "XR05CAA001A001010101001", AgeMax = 17 },
        new() { Rule = RuleId.AgeRestricted, Code = "XR05CAA001A001010101002", AgeMin = 65, AgeMax = 150 },
        new() { Rule = RuleId.DuplicateCharge, Code = "110200001", CodeB = "110200001" },
        new() { Rule = RuleId.FrequencyExceeded, Code = "120100001", MaxPerDay = 2.50m },
        new() { Rule = RuleId.ConsumableNotSeparatelyChargeable, Code = "330100001", CodeB = "C0101010010100103941" },
    ];

    [Fact]
    public async Task ReplaceKnowledgePointsAsync_NewVersion_CreatesDraftAndReadsBackInOrder()
    {
        await using var scope = await CreateScopeAsync();

        Assert.Equal(Points.Length, await scope.Store.ReplaceKnowledgePointsAsync("v1", Points, None));

        Assert.Equal(Points, await ReadPointsAsync(scope, "v1"));
        Assert.Equal("2.50", await scope.TextAsync("SELECT max_per_day FROM knowledge_points WHERE code = '120100001'"));
        Assert.Equal("FREQUENCY_EXCEEDED", await scope.TextAsync("SELECT rule_id FROM knowledge_points WHERE code = '120100001'"));
        var version = await scope.Store.GetCatalogVersionAsync("v1", None);
        Assert.Equal(CatalogVersionState.Draft, version!.State);
    }

    [Fact]
    public async Task ReplaceKnowledgePointsAsync_Again_ReplacesOnlyThatVersionsPointsAndKeepsCatalogRows()
    {
        await using var scope = await CreateScopeAsync();
        await scope.ImportAsync("v1", CatalogItemKind.Drug, "XA11CCA351E002010101121");
        await scope.Store.ReplaceKnowledgePointsAsync("v1", Points, None);
        await scope.Store.ReplaceKnowledgePointsAsync("v2", Points, None);

        await scope.Store.ReplaceKnowledgePointsAsync("v1", [Points[3]], None);

        Assert.Equal([Points[3]], await ReadPointsAsync(scope, "v1"));
        Assert.Equal(Points, await ReadPointsAsync(scope, "v2"));
        Assert.Equal(1, (await scope.Store.GetCatalogVersionAsync("v1", None))!.ItemCounts[CatalogItemKind.Drug]);
    }

    [Fact]
    public async Task ReplaceKnowledgePointsAsync_PublishedVersion_ThrowsConflictAndKeepsPoints()
    {
        await using var scope = await CreateScopeAsync();
        await scope.ImportAsync("v1", CatalogItemKind.Drug, "XA11CCA351E002010101121");
        await scope.Store.ReplaceKnowledgePointsAsync("v1", Points, None);
        await scope.Store.PublishCatalogVersionAsync("v1", None);

        var error = await Assert.ThrowsAsync<StoreConflictException>(() => scope.Store.ReplaceKnowledgePointsAsync("v1", [Points[0]], None));

        Assert.Contains("v1", error.Message, StringComparison.Ordinal);
        Assert.Equal(Points, await ReadPointsAsync(scope, "v1"));
    }

    [Fact]
    public async Task PublishCatalogVersionAsync_OnlyKnowledgePoints_ThrowsConflict()
    {
        await using var scope = await CreateScopeAsync();
        await scope.Store.ReplaceKnowledgePointsAsync("v1", Points, None);

        await Assert.ThrowsAsync<StoreConflictException>(() => scope.Store.PublishCatalogVersionAsync("v1", None));

        await scope.ImportAsync("v1", CatalogItemKind.Drug, "XA11CCA351E002010101121");
        var published = await scope.Store.PublishCatalogVersionAsync("v1", None);
        Assert.True(published.IsCurrent);
        Assert.Equal(Points, await ReadPointsAsync(scope, "v1"));
    }

    [Theory]
    [InlineData(RuleId.Unspecified, "X", "")]
    [InlineData(RuleId.GenderRestricted, "", "1")]
    [InlineData(RuleId.GenderRestricted, "X", "男")]
    public async Task ReplaceKnowledgePointsAsync_InvalidPoint_ThrowsAndWritesNothing(RuleId rule, string code, string gender)
    {
        await using var scope = await CreateScopeAsync();
        await scope.Store.ReplaceKnowledgePointsAsync("v1", Points, None);

        await Assert.ThrowsAsync<ArgumentException>(() => scope.Store.ReplaceKnowledgePointsAsync(
            "v1", [Points[0], new KnowledgePoint { Rule = rule, Code = code, Gender = gender }], None));

        Assert.Equal(Points, await ReadPointsAsync(scope, "v1"));
    }

    [Fact]
    public async Task ReadKnowledgePointsAsync_UnknownVersion_ThrowsNotFound()
    {
        await using var scope = await CreateScopeAsync();

        await Assert.ThrowsAsync<StoreNotFoundException>(() => ReadPointsAsync(scope, "nope"));
    }

    private static async Task<List<KnowledgePoint>> ReadPointsAsync(IStoreScope scope, string version)
    {
        var result = new List<KnowledgePoint>();
        await foreach (var point in scope.Store.ReadKnowledgePointsAsync(version, None))
        {
            result.Add(point);
        }

        return result;
    }
}
