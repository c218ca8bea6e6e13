using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Institutions;
using ValidationGateway.Core.Rules;
using ValidationGateway.Server.Tests.Support;
using ValidationGateway.Storage.Sqlite;
using ValidationGateway.Storage.Tests.TestSupport;

namespace ValidationGateway.Server.Tests.Cli;

/// <summary>`vgw mapping|practitioner|rules import`, in process against a temporary SQLite store.</summary>
public sealed class DataImportCliTests : CliTestBase
{
    private const string Hospital = "H21010200123";

    private async Task AddHospitalAsync()
    {
        var add = await VgwAsync("institution", "add", "--code", Hospital, "--name", "一院", "--level", "3", "--type", "hospital");
        Assert.True(add.Exit == 0, add.Err);
    }

    private async Task<SqliteGatewayStore> OpenStoreAsync() =>
        await SqliteGatewayStore.OpenAsync(Store, TimeProvider.System, CancellationToken.None);

    [Fact]
    public async Task MappingImport_ValidCsvThenReplace_WritesAndReplacesTheInstitutionsMappings()
    {
        await AddHospitalAsync();
        var first = WriteFile("map1.csv", """
            medins_list_codg,med_list_codg,item_type,medins_list_name,begndate,enddate
            YP-0001,XA11CCA351E002010101121,药品,艾地骨化醇软胶囊,2024-01-01,2024-12-31
            YP-0001,XA11CCA351E002010101523,drug,艾地骨化醇软胶囊,2025-01-01,
            FW-1,001102000010000,service,诊查费,,
            """);
        var second = WriteFile("map2.csv", "medins_list_codg,med_list_codg\nHC-1,C0101010010100103941\n");

        var import = await VgwAsync("mapping", "import", "--institution", Hospital, "--file", first);
        Assert.True(import.Exit == 0, import.Err);
        Assert.Contains($"imported 3 mappings for {Hospital}; it now has 3", import.Out, StringComparison.Ordinal);

        var add = await VgwAsync("mapping", "import", "--institution", Hospital, "--file", second);
        Assert.True(add.Exit == 0, add.Err);
        Assert.Contains("it now has 4", add.Out, StringComparison.Ordinal);

        var replace = await VgwAsync("mapping", "import", "--institution", Hospital, "--file", second, "--replace");
        Assert.True(replace.Exit == 0, replace.Err);
        Assert.Contains("it now has 1", replace.Out, StringComparison.Ordinal);

        await using var store = await OpenStoreAsync();
        var mapping = Assert.Single(await store.GetMappingsAsync(Hospital, CancellationToken.None));
        Assert.Equal(("HC-1", "C0101010010100103941"), (mapping.LocalCode, mapping.NationalCode));
    }

    [Fact]
    public async Task MappingImport_BadFile_ReportsEveryErrorAndWritesNothing()
    {
        await AddHospitalAsync();
        var file = WriteFile("bad-map.csv", """
            medins_list_codg,med_list_codg,item_type,begndate,enddate
            L1,N1,drug,2024-01-01,
            ,N2,drug,,
            L3,,pill,2024-06-01,2024-05-01
            L1,N1,drug,2024-01-01,
            """);

        var import = await VgwAsync("mapping", "import", "--institution", Hospital, "--file", file);

        Assert.Equal(1, import.Exit);
        Assert.Contains("bad-map.csv:3:medins_list_codg", import.Err, StringComparison.Ordinal);
        Assert.Contains("bad-map.csv:4:med_list_codg", import.Err, StringComparison.Ordinal);
        Assert.Contains("bad-map.csv:4:item_type", import.Err, StringComparison.Ordinal);
        Assert.Contains("bad-map.csv:4:enddate", import.Err, StringComparison.Ordinal);
        Assert.Contains("bad-map.csv:5:medins_list_codg", import.Err, StringComparison.Ordinal);
        Assert.Contains("nothing was written", import.Err, StringComparison.Ordinal);
        await using var store = await OpenStoreAsync();
        Assert.Equal(0, await store.CountMappingsAsync(Hospital, CancellationToken.None));
    }

    [Fact]
    public async Task MappingImport_UnknownInstitution_TellsToRegisterItFirst()
    {
        var file = WriteFile("map.csv", "medins_list_codg,med_list_codg\nL1,N1\n");

        var import = await VgwAsync("mapping", "import", "--institution", Hospital, "--file", file);

        Assert.Equal(1, import.Exit);
        Assert.StartsWith("error: ", import.Err, StringComparison.Ordinal);
        Assert.Contains("vgw institution add", import.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MappingImport_MalformedInstitutionCode_IsRefusedBeforeReadingTheFile()
    {
        var import = await VgwAsync("mapping", "import", "--institution", "X123", "--file", Path.Combine(Directory, "nope.csv"));

        Assert.Equal(1, import.Exit);
        Assert.Contains("--institution 'X123'", import.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PractitionerImport_Xlsx_WritesEveryPractitioner()
    {
        var file = Path.Combine(Directory, "people.xlsx");
        XlsxFile.Write(file,
            ["code", "kind", "fixmedins_code", "name", "valid"],
            ["D210102000123", "医师", Hospital, "张三", 1],
            ["D210102000123", "doctor", "H21010200456", "张三", 0],
            ["Y210102000002", "pharmacist", Hospital, null, null]);

        var import = await VgwAsync("practitioner", "import", "--file", file);

        Assert.True(import.Exit == 0, import.Err);
        Assert.Contains("imported 3 practitioners at 2 institution(s)", import.Out, StringComparison.Ordinal);
        await using var store = await OpenStoreAsync();
        Assert.Equal(
            [new("D210102000123", PractitionerKind.Doctor, Hospital, "张三", true), new("Y210102000002", PractitionerKind.Pharmacist, Hospital, "", true)],
            await store.GetPractitionersAsync(Hospital, CancellationToken.None));
        Assert.False(Assert.Single(await store.GetPractitionersAsync("H21010200456", CancellationToken.None)).Valid);
    }

    [Fact]
    public async Task PractitionerImport_BadFile_ReportsEveryErrorAndWritesNothing()
    {
        var file = WriteFile("bad-people.csv", $"""
            code,kind,fixmedins_code
            D210102000123,doctor,{Hospital}
            D210102000124,surgeon,{Hospital}
            D210102000125,nurse,H123
            D210102000123,nurse,{Hospital}
            """);

        var import = await VgwAsync("practitioner", "import", "--file", file);

        Assert.Equal(1, import.Exit);
        Assert.Contains("bad-people.csv:3:kind", import.Err, StringComparison.Ordinal);
        Assert.Contains("bad-people.csv:4:fixmedins_code", import.Err, StringComparison.Ordinal);
        Assert.Contains("bad-people.csv:5:code", import.Err, StringComparison.Ordinal);
        await using var store = await OpenStoreAsync();
        Assert.Empty(await store.GetPractitionersAsync(Hospital, CancellationToken.None));
    }

    [Fact]
    public async Task RulesImport_ValidFile_WritesPointsIntoTheDraftAndPublishesWithTheCatalog()
    {
        var rules = WriteFile("rules.csv", """
            rule_id,code,code_b,gender,age_min,age_max,max_per_day,note
            GENDER_RESTRICTED,XA11CCA351E002010101121,,女,,,,限绝经后女性骨质疏松症。
            AGE_RESTRICTED,XR05CAA001A001010101001,,,,17,,儿童专用
            FREQUENCY_EXCEEDED,120100001,,,,,2,
            """);
        var catalog = WriteFile("drugs.csv", "med_list_codg\nXA11CCA351E002010101121\n");

        var import = await VgwAsync("rules", "import", "--version", "2026.12.1", "--file", rules);
        Assert.True(import.Exit == 0, import.Err);
        Assert.Contains("imported 3 knowledge points into draft version 2026.12.1 (GENDER_RESTRICTED 1, AGE_RESTRICTED 1, FREQUENCY_EXCEEDED 1)", import.Out, StringComparison.Ordinal);
        Assert.Equal(0, (await VgwAsync("catalog", "import", "--version", "2026.12.1", "--kind", "drug", "--file", catalog)).Exit);
        var publish = await VgwAsync("catalog", "publish", "--version", "2026.12.1");
        Assert.True(publish.Exit == 0, publish.Err);

        await using var store = await OpenStoreAsync();
        var points = new List<KnowledgePoint>();
        await foreach (var point in store.ReadKnowledgePointsAsync("2026.12.1", CancellationToken.None))
        {
            points.Add(point);
        }

        Assert.Equal([RuleId.GenderRestricted, RuleId.AgeRestricted, RuleId.FrequencyExceeded], points.Select(p => p.Rule));
        Assert.Equal("2", points[0].Gender);
        Assert.Equal(17, points[1].AgeMax);
    }

    [Fact]
    public async Task RulesImport_BadFile_ReportsEveryErrorAndCreatesNoVersion()
    {
        var file = WriteFile("bad-rules.csv", """
            rule_id,code,code_b,gender,age_min,age_max,max_per_day
            GENDER_RESTRICTED,A1,,,,,
            AGE_RESTRICTED,A2,,,18,6,
            PRICE_OVER_CAP,A3,,,,,
            """);

        var import = await VgwAsync("rules", "import", "--version", "v-bad", "--file", file);

        Assert.Equal(1, import.Exit);
        Assert.Contains("bad-rules.csv:2:gender", import.Err, StringComparison.Ordinal);
        Assert.Contains("bad-rules.csv:3:age_max", import.Err, StringComparison.Ordinal);
        Assert.Contains("bad-rules.csv:4:rule_id", import.Err, StringComparison.Ordinal);
        Assert.Contains("nothing was written", import.Err, StringComparison.Ordinal);
        var list = await VgwAsync("catalog", "list");
        Assert.DoesNotContain("v-bad", list.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RulesImport_IntoPublishedVersion_IsRefused()
    {
        var catalog = WriteFile("drugs.csv", "med_list_codg\nXA11CCA351E002010101121\n");
        var rules = WriteFile("rules.csv", "rule_id,code,gender\nGENDER_RESTRICTED,XA11CCA351E002010101121,2\n");
        Assert.Equal(0, (await VgwAsync("catalog", "import", "--version", "v1", "--kind", "drug", "--file", catalog)).Exit);
        Assert.Equal(0, (await VgwAsync("catalog", "publish", "--version", "v1")).Exit);

        var import = await VgwAsync("rules", "import", "--version", "v1", "--file", rules);

        Assert.Equal(1, import.Exit);
        Assert.StartsWith("error: ", import.Err, StringComparison.Ordinal);
        Assert.Contains("published", import.Err, StringComparison.Ordinal);
    }
}
