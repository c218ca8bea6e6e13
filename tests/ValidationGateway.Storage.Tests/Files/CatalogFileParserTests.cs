using System.Globalization;
using System.Text;
using ValidationGateway.Core.Catalog;
using ValidationGateway.Storage.Files;
using ValidationGateway.Storage.Tests.TestSupport;

namespace ValidationGateway.Storage.Tests.Files;

public sealed class CatalogFileParserTests
{
    private const string FullHeader = "med_list_codg,name,begndate,enddate,vali_flag,chrgitm_lv,lmt_used_flag,pric_uplmt_amt,lv1_hosp_item_pric,lv2_hosp_item_pric,lv3_hosp_item_pric";

    private static readonly CatalogRow[] ExpectedServiceRows =
    [
        new()
        {
            Kind = CatalogItemKind.Service, Code = "001102000010000", Name = "普通门诊诊查费",
            BeginDate = new DateOnly(2021, 1, 1), EndDate = new DateOnly(2099, 12, 31), Valid = true, ChargeLevel = "01",
            RestrictedUse = false, PriceCap = 8.00m, Level1Price = 5m, Level2Price = 6.5m, Level3Price = 8m,
        },
        new()
        {
            Kind = CatalogItemKind.Service, Code = "001102000010000-110200002a", Name = "主任医师诊查费",
            BeginDate = new DateOnly(2021, 3, 15), EndDate = null, Valid = false, ChargeLevel = "03",
            RestrictedUse = true, PriceCap = null, Level1Price = 9.5m, Level2Price = 12m, Level3Price = 15m,
        },
        new() { Kind = CatalogItemKind.Service, Code = "110100001" },
    ];

    [Fact]
    public void Parse_ValidCsv_ParsesEveryColumnWithDefaultsAndNormalisation()
    {
        using var directory = new TempDirectory();
        var path = directory.WriteText("service.csv", FullHeader + "\n" +
            "001102000010000,普通门诊诊查费,2021-01-01,2099-12-31 23:59:59,1,01,0,8.00,5,6.5,8\n" +
            "001102000010000-110200002a,主任医师诊查费,2021/03/15,,0,3,1,,9.5,12,15\n" +
            " 110100001 ,,,,,,,,,,\n");

        var result = CatalogFileParser.Parse(path, CatalogItemKind.Service);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(path, result.File);
        Assert.Equal(ExpectedServiceRows, result.Rows);
        Assert.Equal("8.00", result.Rows[0].PriceCap!.Value.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Parse_SameRowsAsTsvAndXlsx_GivesSameRows()
    {
        using var directory = new TempDirectory();
        var tsv = directory.WriteText("service.tsv", FullHeader.Replace(',', '\t') + "\n" +
            "001102000010000\t普通门诊诊查费\t20210101\t2099-12-31\t1\t1\t0\t8.00\t5\t6.5\t8\n" +
            "001102000010000-110200002a\t主任医师诊查费\t2021-03-15 00:00:00\t\t0\t03\t1\t\t9.5\t12\t15\n" +
            "110100001\n");
        var xlsx = directory.File("service.xlsx");
        XlsxFile.Write(
            xlsx,
            FullHeader.Split(','),
            ["001102000010000", "普通门诊诊查费", "2021-01-01", "2099-12-31", 1, "01", 0, "8.00", 5, 6.5, 8],
            ["001102000010000-110200002a", "主任医师诊查费", "2021/03/15", null, 0, 3, 1, null, 9.5, 12, 15],
            [110100001]);

        var fromTsv = CatalogFileParser.Parse(tsv, CatalogItemKind.Service);
        var fromXlsx = CatalogFileParser.Parse(xlsx, CatalogItemKind.Service);

        Assert.True(fromTsv.Succeeded, string.Join("\n", fromTsv.Errors));
        Assert.True(fromXlsx.Succeeded, string.Join("\n", fromXlsx.Errors));
        Assert.Equal(ExpectedServiceRows, fromTsv.Rows);
        Assert.Equal(ExpectedServiceRows, fromXlsx.Rows);
    }

    [Fact]
    public void Parse_ManyBadRowsAndColumns_ReportsEveryErrorAndNoRows()
    {
        using var directory = new TempDirectory();
        var path = directory.WriteText("drug.csv", FullHeader + "\n" +
            "XA11CCA351E002010101121,ok,2024-01-01,,1,01,0,1.5,,,\n" +                 // 2: fine
            ",no code,2024-13-01,,2,04,yes,abc,-1,1e3,NaN\n" +                          // 3: 8 errors
            "XA11CCA351E002010101121,dup,2024-01-01,2023-12-31,1,,0,,,,\n" +            // 4: enddate < begndate
            "XA11CCA351E002010101121,dup,2024-01-01,,1,,0,,\"1,000\",,\n" +             // 5: duplicate + 1,000
            new string('Z', 51) + ",too long,,,,,,,,,\n" +                              // 6: code too long
            "ZD03AAA0043010100166,ok,2024-01-01,2024-01-01,1,02,1,0,0.00,-0,\n");      // 7: -0 is negative

        var result = CatalogFileParser.Parse(path, CatalogItemKind.Drug);

        Assert.False(result.Succeeded);
        Assert.Empty(result.Rows);
        Assert.All(result.Errors, e => Assert.Equal(path, e.File));
        Assert.Equal(
            [
                (3, "med_list_codg"), (3, "begndate"), (3, "vali_flag"), (3, "chrgitm_lv"), (3, "lmt_used_flag"),
                (3, "pric_uplmt_amt"), (3, "lv1_hosp_item_pric"), (3, "lv2_hosp_item_pric"), (3, "lv3_hosp_item_pric"),
                (4, "enddate"), (4, "med_list_codg"),
                (5, "lv1_hosp_item_pric"), (5, "med_list_codg"),
                (6, "med_list_codg"),
                (7, "lv2_hosp_item_pric"),
            ],
            result.Errors.Select(e => (e.Row, e.Column)));
    }

    [Fact]
    public void Parse_DuplicateCodeAndBeginDate_NamesBothRows()
    {
        using var directory = new TempDirectory();
        var path = directory.WriteText("drug.csv", "med_list_codg,begndate\nA,2024-01-01\nA,2025-01-01\nB,\nA,20240101\nB,\n");

        var result = CatalogFileParser.Parse(path, CatalogItemKind.Drug);

        Assert.Equal(
            [
                $"{path}:5:med_list_codg: code 'A' with begndate 2024-01-01 appears twice, in rows 2 and 5",
                $"{path}:6:med_list_codg: code 'B' with begndate (empty) appears twice, in rows 4 and 6",
            ],
            result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Parse_DuplicateOfRowWithOtherErrors_StillReportsDuplicate()
    {
        using var directory = new TempDirectory();
        var path = directory.WriteText("drug.csv", "med_list_codg,begndate,vali_flag\nA,2024-01-01,x\nA,2024-01-01,1\nB,bad,1\nB,bad,1\n");

        var result = CatalogFileParser.Parse(path, CatalogItemKind.Drug);

        Assert.Equal(
            [(2, "vali_flag"), (3, "med_list_codg"), (4, "begndate"), (5, "begndate")],
            result.Errors.Select(e => (e.Row, e.Column)));
        Assert.Contains("rows 2 and 3", result.Errors[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingRequiredColumn_ReportsOneErrorAtRowOne()
    {
        using var directory = new TempDirectory();
        var path = directory.WriteText("drug.csv", "code,name\nA,a\n,b\n");

        var result = CatalogFileParser.Parse(path, CatalogItemKind.Drug);

        var error = Assert.Single(result.Errors);
        Assert.Equal(new ImportError(path, 1, "med_list_codg", "required column 'med_list_codg' is missing from the header (it has: code, name)"), error);
        Assert.Empty(result.Rows);
    }

    [Fact]
    public void Parse_EmptyFile_ReportsMissingHeader()
    {
        using var directory = new TempDirectory();
        var path = directory.WriteText("drug.csv", "\n\n");

        var result = CatalogFileParser.Parse(path, CatalogItemKind.Drug);

        var error = Assert.Single(result.Errors);
        Assert.Equal(1, error.Row);
        Assert.Contains("empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BomUnknownColumnsAndChineseNames_ReadsKnownColumnsOnly()
    {
        using var directory = new TempDirectory();
        var path = directory.File("herb.csv");
        File.WriteAllText(path, "备注,Med_List_Codg ,名称,NAME\n饮片,T001700643,当归,当归片（酒炙）\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        var result = CatalogFileParser.Parse(path, CatalogItemKind.Herb);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal([new CatalogRow { Kind = CatalogItemKind.Herb, Code = "T001700643", Name = "当归片（酒炙）" }], result.Rows);
    }

    [Fact]
    public void Parse_DuplicateHeaderColumn_ReportsIt()
    {
        using var directory = new TempDirectory();
        var path = directory.WriteText("drug.csv", "med_list_codg,name,Name\nA,a,b\n");

        var result = CatalogFileParser.Parse(path, CatalogItemKind.Drug);

        Assert.Equal([new ImportError(path, 1, "Name", "column appears more than once in the header")], result.Errors);
    }

    [Fact]
    public void Parse_StrayQuote_ReportsRowWithoutColumn()
    {
        using var directory = new TempDirectory();
        var path = directory.WriteText("drug.csv", "med_list_codg,name\nA,5\"x\n");

        var result = CatalogFileParser.Parse(path, CatalogItemKind.Drug);

        var error = Assert.Single(result.Errors);
        Assert.Equal((2, ""), (error.Row, error.Column));
        Assert.StartsWith($"{path}:2: malformed CSV", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0", "0")]
    [InlineData("12.50", "12.50")]
    [InlineData("0.000001", "0.000001")]
    [InlineData("99999999999999.99", "99999999999999.99")]
    public void Parse_GoodAmount_KeepsExactValueAndScale(string text, string expected)
    {
        using var directory = new TempDirectory();
        var path = directory.WriteText("drug.csv", $"med_list_codg,pric_uplmt_amt\nA,{text}\n");

        var result = CatalogFileParser.Parse(path, CatalogItemKind.Drug);

        Assert.Equal(expected, Assert.Single(result.Rows).PriceCap!.Value.ToString(CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("1e3")]
    [InlineData("1E-2")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-0.01")]
    [InlineData("1 000")]
    [InlineData("¥12")]
    [InlineData("12.5.1")]
    public void Parse_BadAmount_ReportsColumn(string text)
    {
        using var directory = new TempDirectory();
        var path = directory.WriteText("drug.csv", $"med_list_codg,pric_uplmt_amt\nA,\"{text}\"\n");

        var result = CatalogFileParser.Parse(path, CatalogItemKind.Drug);

        var error = Assert.Single(result.Errors);
        Assert.Equal((2, "pric_uplmt_amt"), (error.Row, error.Column));
        Assert.Contains(text, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ImportError_ToString_IsFileRowColumnMessage()
    {
        Assert.Equal("a.csv:7:enddate: bad", new ImportError("a.csv", 7, "enddate", "bad").ToString());
        Assert.Equal("a.csv:7: bad", new ImportError("a.csv", 7, "", "bad").ToString());
    }

    [Fact]
    public void Parse_UnsupportedFile_ThrowsTabularFileException()
    {
        using var directory = new TempDirectory();
        var path = directory.WriteText("drug.json", "{}");

        Assert.Throws<TabularFileException>(() => CatalogFileParser.Parse(path, CatalogItemKind.Drug));
    }
}
