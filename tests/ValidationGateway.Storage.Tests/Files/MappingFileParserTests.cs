using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Institutions;
using ValidationGateway.Storage.Files;
using ValidationGateway.Storage.Tests.TestSupport;

namespace ValidationGateway.Storage.Tests.Files;

public sealed class MappingFileParserTests
{
    private const string Hospital = "H21010200123";
    private const string Header = "medins_list_codg,med_list_codg,item_type,medins_list_name,begndate,enddate";

    private static readonly MappingRow[] Expected =
    [
        new()
        {
            InstitutionCode = Hospital, LocalCode = "YP-0001", NationalCode = "XA11CCA351E002010101121", ItemType = ItemType.Drug,
            LocalName = "艾地骨化醇软胶囊", BeginDate = new DateOnly(2024, 1, 1), EndDate = new DateOnly(2024, 12, 31),
        },
        new()
        {
            InstitutionCode = Hospital, LocalCode = "YP-0001", NationalCode = "XA11CCA351E002010101523", ItemType = ItemType.Drug,
            LocalName = "艾地骨化醇软胶囊", BeginDate = new DateOnly(2025, 1, 1),
        },
        new() { InstitutionCode = Hospital, LocalCode = "ZY-9", NationalCode = "T000500106", ItemType = ItemType.Herb },
        new() { InstitutionCode = Hospital, LocalCode = "FW-1", NationalCode = "001102000010000", ItemType = ItemType.Service, LocalName = "诊查费" },
        new() { InstitutionCode = Hospital, LocalCode = "HC-1", NationalCode = "C0101010010100103941", ItemType = ItemType.Consumable },
        new() { InstitutionCode = Hospital, LocalCode = "X-1", NationalCode = "110100001" },
    ];

    [Fact]
    public void Parse_ValidCsv_ParsesEveryColumnWithEnglishAndChineseItemTypes()
    {
        using var directory = new TempDirectory();
        var path = directory.WriteText("map.csv", Header + ",fixmedins_code,extra\n" +
            "YP-0001,XA11CCA351E002010101121,drug,艾地骨化醇软胶囊,2024-01-01,2024-12-31," + Hospital + ",x\n" +
            "YP-0001,XA11CCA351E002010101523,DRUG,艾地骨化醇软胶囊,20250101,,,\n" +
            "ZY-9,T000500106,中药饮片,,,,,\n" +
            "FW-1,001102000010000,医疗服务,诊查费,,,,\n" +
            "HC-1,C0101010010100103941,医用耗材,,,,,\n" +
            "X-1,110100001,,,,,,\n");

        var result = MappingFileParser.Parse(path, Hospital);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(Expected, result.Rows);
    }

    [Fact]
    public void Parse_SameRowsAsXlsx_GivesSameRows()
    {
        using var directory = new TempDirectory();
        var path = directory.File("map.xlsx");
        XlsxFile.Write(path,
            Header.Split(','),
            ["YP-0001", "XA11CCA351E002010101121", "Drug", "艾地骨化醇软胶囊", "2024/01/01", "2024-12-31 23:59:59"],
            ["YP-0001", "XA11CCA351E002010101523", "药品", "艾地骨化醇软胶囊", 20250101],
            ["ZY-9", "T000500106", "herb"],
            ["FW-1", "001102000010000", "service", "诊查费"],
            ["HC-1", "C0101010010100103941", "consumable"],
            ["X-1", 110100001]);

        var result = MappingFileParser.Parse(path, Hospital);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(Expected, result.Rows);
    }

    [Fact]
    public void Parse_BadRows_ReportsEveryErrorWithRowAndColumnAndNoRows()
    {
        using var directory = new TempDirectory();
        var path = directory.WriteText("map.csv", Header + ",fixmedins_code\n" +
            "L1,N1,drug,,2024-01-01,,\n" +                                   // 2: fine
            ",,药,,2024-02-30,,\n" +                                         // 3: local, national, item_type, begndate
            "L2,N2,,,2024-06-01,2024-05-31,\n" +                             // 4: enddate < begndate
            "L1,N1b,,,2024-01-01,,\n" +                                      // 5: duplicate of row 2
            new string('L', 151) + "," + new string('N', 51) + ",,,,,\n" +   // 6: both too long
            "L3,N3,1,,,,H21010200999\n");                                    // 7: item_type as number, other institution

        var result = MappingFileParser.Parse(path, Hospital);

        Assert.False(result.Succeeded);
        Assert.Empty(result.Rows);
        Assert.Equal(
            [
                (3, "medins_list_codg"), (3, "begndate"), (3, "med_list_codg"), (3, "item_type"),
                (4, "enddate"),
                (5, "medins_list_codg"),
                (6, "medins_list_codg"), (6, "med_list_codg"),
                (7, "fixmedins_code"), (7, "item_type"),
            ],
            result.Errors.Select(e => (e.Row, e.Column)));
        Assert.Contains("rows 2 and 5", result.Errors.Single(e => e.Row == 5).Message, StringComparison.Ordinal);
        Assert.Contains("H21010200999", result.Errors.Single(e => e.Column == "fixmedins_code").Message, StringComparison.Ordinal);
        Assert.Contains("医用耗材", result.Errors.First(e => e.Column == "item_type").Message, StringComparison.Ordinal);
        Assert.All(result.Errors, e => Assert.Equal(path, e.File));
    }

    [Fact]
    public void Parse_SameLocalCodeOpenBeginTwice_IsADuplicate()
    {
        using var directory = new TempDirectory();
        var path = directory.WriteText("map.csv", "medins_list_codg,med_list_codg\nL1,N1\nL1,N2\n");

        var error = Assert.Single(MappingFileParser.Parse(path, Hospital).Errors);

        Assert.Equal((3, "medins_list_codg"), (error.Row, error.Column));
        Assert.Contains("(empty)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingRequiredColumns_ReportsEachOnTheHeaderRow()
    {
        using var directory = new TempDirectory();
        var path = directory.WriteText("map.csv", "code,name\nL1,x\n");

        var result = MappingFileParser.Parse(path, Hospital);

        Assert.Equal([(1, "medins_list_codg"), (1, "med_list_codg")], result.Errors.Select(e => (e.Row, e.Column)));
    }
}
