using ValidationGateway.Core.Institutions;
using ValidationGateway.Storage.Files;
using ValidationGateway.Storage.Tests.TestSupport;

namespace ValidationGateway.Storage.Tests.Files;

public sealed class PractitionerFileParserTests
{
    private const string Header = "code,kind,fixmedins_code,name,valid";

    private static readonly PractitionerRow[] Expected =
    [
        new("D210102000123", PractitionerKind.Doctor, "H21010200123", "张三", true),
        new("D210102000123", PractitionerKind.Doctor, "H21010200456", "张三", false),
        new("N210102000001", PractitionerKind.Nurse, "H21010200123", "李四", true),
        new("Y450103000002", PractitionerKind.Pharmacist, "P45010301036", "", true),
        new("any-shape-9", PractitionerKind.Doctor, "H21010200123", "", true),
    ];

    [Fact]
    public void Parse_ValidCsv_AcceptsEnglishAndChineseKindsAndAnyCodeShape()
    {
        using var directory = new TempDirectory();
        var path = directory.WriteText("people.csv", Header + "\n" +
            "D210102000123,doctor,H21010200123,张三,1\n" +
            "D210102000123,医师,H21010200456,张三,0\n" +
            "N210102000001,Nurse,H21010200123,李四,\n" +
            "Y450103000002,药师,P45010301036,,1\n" +
            "any-shape-9,医生,H21010200123,,\n");

        var result = PractitionerFileParser.Parse(path);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(Expected, result.Rows);
    }

    [Fact]
    public void Parse_SameRowsAsXlsx_GivesSameRows()
    {
        using var directory = new TempDirectory();
        var path = directory.File("people.xlsx");
        XlsxFile.Write(path,
            Header.Split(','),
            ["D210102000123", "doctor", "H21010200123", "张三", 1],
            ["D210102000123", "doctor", "H21010200456", "张三", 0],
            ["N210102000001", "护士", "H21010200123", "李四"],
            ["Y450103000002", "pharmacist", "P45010301036", null, 1],
            ["any-shape-9", "DOCTOR", "H21010200123"]);

        var result = PractitionerFileParser.Parse(path);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(Expected, result.Rows);
    }

    [Fact]
    public void Parse_BadRows_ReportsEveryErrorWithRowAndColumnAndNoRows()
    {
        using var directory = new TempDirectory();
        var path = directory.WriteText("people.csv", Header + "\n" +
            "D210102000123,doctor,H21010200123,张三,1\n" +                // 2: fine
            ",,,王五,\n" +                                                // 3: code, fixmedins_code, kind required
            new string('D', 31) + ",surgeon,X21010200123,,2\n" +         // 4: code too long, institution shape, kind, valid
            "D210102000123,nurse,H21010200123,,\n" +                     // 5: duplicate of row 2
            "D210102000124,doctor,H2101020012,,\n");                     // 6: 10 digits

        var result = PractitionerFileParser.Parse(path);

        Assert.False(result.Succeeded);
        Assert.Empty(result.Rows);
        Assert.Equal(
            [
                (3, "code"), (3, "fixmedins_code"), (3, "kind"),
                (4, "code"), (4, "fixmedins_code"), (4, "kind"), (4, "valid"),
                (5, "code"),
                (6, "fixmedins_code"),
            ],
            result.Errors.Select(e => (e.Row, e.Column)));
        Assert.Contains("rows 2 and 5", result.Errors.Single(e => e.Row == 5).Message, StringComparison.Ordinal);
        Assert.Contains("药师", result.Errors.Single(e => e.Row == 4 && e.Column == "kind").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingRequiredColumns_ReportsEachOnTheHeaderRow()
    {
        using var directory = new TempDirectory();
        var path = directory.WriteText("people.csv", "code,name\nD1,x\n");

        var result = PractitionerFileParser.Parse(path);

        Assert.Equal([(1, "kind"), (1, "fixmedins_code")], result.Errors.Select(e => (e.Row, e.Column)));
    }
}
