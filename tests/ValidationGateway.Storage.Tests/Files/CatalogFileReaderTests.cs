using System.Globalization;
using System.Text;
using ValidationGateway.Core.Catalog;
using ValidationGateway.Storage.Files;
using ValidationGateway.Storage.Tests.TestSupport;

namespace ValidationGateway.Storage.Tests.Files;

/// <summary>The streaming catalog reader: rows, every error, laziness, progress.</summary>
public sealed class CatalogFileReaderTests
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
    public void ReadRows_ValidCsv_ParsesEveryColumnWithDefaultsAndNormalisation()
    {
        using var directory = new TempDirectory();
        var path = directory.WriteText("service.csv", FullHeader + "\n" +
            "001102000010000,普通门诊诊查费,2021-01-01,2099-12-31 23:59:59,1,01,0,8.00,5,6.5,8\n" +
            "001102000010000-110200002a,主任医师诊查费,2021/03/15,,0,3,1,,9.5,12,15\n" +
            " 110100001 ,,,,,,,,,,\n");

        var result = Drain(path, CatalogItemKind.Service);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(path, result.File);
        Assert.Equal(ExpectedServiceRows, result.Rows);
        Assert.Equal("8.00", result.Rows[0].PriceCap!.Value.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void ReadRows_SameRowsAsTsvAndXlsx_GivesSameRows()
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

        var fromTsv = Drain(tsv, CatalogItemKind.Service);
        var fromXlsx = Drain(xlsx, CatalogItemKind.Service);

        Assert.True(fromTsv.Succeeded, string.Join("\n", fromTsv.Errors));
        Assert.True(fromXlsx.Succeeded, string.Join("\n", fromXlsx.Errors));
        Assert.Equal(ExpectedServiceRows, fromTsv.Rows);
        Assert.Equal(ExpectedServiceRows, fromXlsx.Rows);
    }

    [Fact]
    public void ReadRows_ManyBadRowsAndColumns_ReportsEveryErrorAndNoRowAfterTheFirstError()
    {
        using var directory = new TempDirectory();
        var path = directory.WriteText("drug.csv", FullHeader + "\n" +
            "XA11CCA351E002010101121,ok,2024-01-01,,1,01,0,1.5,,,\n" +                 // 2: fine
            ",no code,2024-13-01,,2,04,yes,abc,-1,1e3,NaN\n" +                          // 3: 8 errors
            "XA11CCA351E002010101121,dup,2024-01-01,2023-12-31,1,,0,,,,\n" +            // 4: enddate < begndate
            "XA11CCA351E002010101121,dup,2024-01-01,,1,,0,,\"1,000\",,\n" +             // 5: duplicate + 1,000
            new string('Z', 51) + ",too long,,,,,,,,,\n" +                              // 6: code too long
            "ZD03AAA0043010100166,ok,2024-01-01,2024-01-01,1,02,1,0,0.00,-0,\n");      // 7: -0 is negative

        var result = Drain(path, CatalogItemKind.Drug);

        Assert.False(result.Succeeded);
        Assert.Equal(["XA11CCA351E002010101121"], result.Rows.Select(r => r.Code));
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
    public void ReadRows_DuplicateCodeAndBeginDate_NamesBothRows()
    {
        using var directory = new TempDirectory();
        var path = directory.WriteText("drug.csv", "med_list_codg,begndate\nA,2024-01-01\nA,2025-01-01\nB,\nA,20240101\nB,\n");

        var result = Drain(path, CatalogItemKind.Drug);

        Assert.Equal(
            [
                $"{path}:5:med_list_codg: code 'A' with begndate 2024-01-01 appears twice, in rows 2 and 5",
                $"{path}:6:med_list_codg: code 'B' with begndate (empty) appears twice, in rows 4 and 6",
            ],
            result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void ReadRows_DuplicateOfRowWithOtherErrors_StillReportsDuplicate()
    {
        using var directory = new TempDirectory();
        var path = directory.WriteText("drug.csv", "med_list_codg,begndate,vali_flag\nA,2024-01-01,x\nA,2024-01-01,1\nB,bad,1\nB,bad,1\n");

        var result = Drain(path, CatalogItemKind.Drug);

        Assert.Equal(
            [(2, "vali_flag"), (3, "med_list_codg"), (4, "begndate"), (5, "begndate")],
            result.Errors.Select(e => (e.Row, e.Column)));
        Assert.Contains("rows 2 and 3", result.Errors[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadRows_MissingRequiredColumn_ReportsOneErrorAtRowOne()
    {
        using var directory = new TempDirectory();
        var path = directory.WriteText("drug.csv", "code,name\nA,a\n,b\n");

        var result = Drain(path, CatalogItemKind.Drug);

        var error = Assert.Single(result.Errors);
        Assert.Equal(new ImportError(path, 1, "med_list_codg", "required column 'med_list_codg' is missing from the header (it has: code, name)"), error);
        Assert.Empty(result.Rows);
    }

    [Fact]
    public void ReadRows_EmptyFile_ReportsMissingHeader()
    {
        using var directory = new TempDirectory();
        var path = directory.WriteText("drug.csv", "\n\n");

        var result = Drain(path, CatalogItemKind.Drug);

        var error = Assert.Single(result.Errors);
        Assert.Equal(1, error.Row);
        Assert.Contains("empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadRows_BomUnknownColumnsAndChineseNames_ReadsKnownColumnsOnly()
    {
        using var directory = new TempDirectory();
        var path = directory.File("herb.csv");
        File.WriteAllText(path, "备注,Med_List_Codg ,名称,NAME\n饮片,T001700643,当归,当归片（酒炙）\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        var result = Drain(path, CatalogItemKind.Herb);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal([new CatalogRow { Kind = CatalogItemKind.Herb, Code = "T001700643", Name = "当归片（酒炙）" }], result.Rows);
    }

    [Fact]
    public void ReadRows_DuplicateHeaderColumn_ReportsIt()
    {
        using var directory = new TempDirectory();
        var path = directory.WriteText("drug.csv", "med_list_codg,name,Name\nA,a,b\n");

        var result = Drain(path, CatalogItemKind.Drug);

        Assert.Equal([new ImportError(path, 1, "Name", "column appears more than once in the header")], result.Errors);
    }

    [Fact]
    public void ReadRows_StrayQuote_ReportsRowWithoutColumn()
    {
        using var directory = new TempDirectory();
        var path = directory.WriteText("drug.csv", "med_list_codg,name\nA,5\"x\n");

        var result = Drain(path, CatalogItemKind.Drug);

        var error = Assert.Single(result.Errors);
        Assert.Equal((2, ""), (error.Row, error.Column));
        Assert.StartsWith($"{path}:2: malformed CSV", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0", "0")]
    [InlineData("12.50", "12.50")]
    [InlineData("0.000001", "0.000001")]
    [InlineData("99999999999999.99", "99999999999999.99")]
    public void ReadRows_GoodAmount_KeepsExactValueAndScale(string text, string expected)
    {
        using var directory = new TempDirectory();
        var path = directory.WriteText("drug.csv", $"med_list_codg,pric_uplmt_amt\nA,{text}\n");

        var result = Drain(path, CatalogItemKind.Drug);

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
    public void ReadRows_BadAmount_ReportsColumn(string text)
    {
        using var directory = new TempDirectory();
        var path = directory.WriteText("drug.csv", $"med_list_codg,pric_uplmt_amt\nA,\"{text}\"\n");

        var result = Drain(path, CatalogItemKind.Drug);

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
    public void Open_UnsupportedFile_ThrowsTabularFileException()
    {
        using var directory = new TempDirectory();
        var path = directory.WriteText("drug.json", "{}");

        Assert.Throws<TabularFileException>(() => Drain(path, CatalogItemKind.Drug));
    }

    [Fact]
    public void ReadRows_CountingConsumerStopsEarly_OnlyThoseRowsWereReadFromTheFile()
    {
        using var directory = new TempDirectory();
        var path = WriteLargeFile(directory, 50_000, _ => null);
        using var reader = CatalogFileReader.Open(path, CatalogItemKind.Consumable);

        var consumed = 0;
        foreach (var row in reader.ReadRows())
        {
            Assert.Equal(consumed, Number(row.Code));
            if (++consumed == 10)
            {
                break;
            }
        }

        // The rows are parsed as they are pulled: ten rows pulled, ten rows parsed, most of the file unread.
        Assert.Equal(10, reader.RowsRead);
        Assert.True(reader.BytesRead < reader.Length / 4, $"{reader.BytesRead} of {reader.Length} bytes read for 10 rows");
    }

    [Fact]
    public void ReadRows_ErrorsNearTheStartAndTheEnd_YieldsNothingAfterTheFirstAndReportsAllAtTheEnd()
    {
        using var directory = new TempDirectory();
        var path = WriteLargeFile(directory, 50_000, i => i switch
        {
            100 => "C100,x,2025-01-01,7,02,12.34",        // bad vali_flag
            30_000 => "C30000,x,2025-13-01,1,02,12.34",   // bad begndate
            49_999 => "C00000000000000000001,dup,2025-01-01,1,02,1",
            _ => null,
        });
        using var reader = CatalogFileReader.Open(path, CatalogItemKind.Consumable);

        var yielded = 0;
        var rejected = Assert.Throws<ImportFileRejectedException>(() =>
        {
            foreach (var row in reader.ReadRows())
            {
                yielded++;
            }
        });

        Assert.Equal(100, yielded);
        Assert.Equal(50_000, reader.RowsRead);
        Assert.Equal(path, rejected.File);
        Assert.Equal(
            [(102, "vali_flag"), (30_002, "begndate"), (50_001, "med_list_codg")],
            rejected.Errors.Select(e => (e.Row, e.Column)));
        Assert.Contains("rows 3 and 50001", rejected.Errors[2].Message, StringComparison.Ordinal);
        Assert.Equal(rejected.Errors, reader.Errors);
    }

    [Fact]
    public void ReadRows_BadHeader_ThrowsOnTheFirstRowWithTheHeaderError()
    {
        using var directory = new TempDirectory();
        var path = directory.WriteText("drug.csv", "code,name\nA,a\n");
        using var reader = CatalogFileReader.Open(path, CatalogItemKind.Drug);

        Assert.Single(reader.Errors);
        using var rows = reader.ReadRows().GetEnumerator();
        var rejected = Assert.Throws<ImportFileRejectedException>(() => rows.MoveNext());
        Assert.Equal((1, "med_list_codg"), (rejected.Errors[0].Row, rejected.Errors[0].Column));
        Assert.Equal(0, reader.RowsRead);
    }

    [Fact]
    public void ReadRows_WithProgress_ReportsGrowingPositionsAndFinishesAtTheFileLength()
    {
        using var directory = new TempDirectory();
        var path = WriteLargeFile(directory, 50_000, _ => null);
        var reports = new List<FileReadPosition>();
        using var reader = CatalogFileReader.Open(path, CatalogItemKind.Consumable, new Recorder(reports));

        var rows = reader.ReadRows().Count();

        Assert.Equal(50_000, rows);
        Assert.Equal(50_000 / 1024 + 1, reports.Count);
        Assert.Equal(reports.OrderBy(r => r.RowsRead).ThenBy(r => r.BytesRead), reports);
        Assert.True(reports[0].BytesRead < reports[0].Length / 2, $"first report at {reports[0].BytesRead} of {reports[0].Length} bytes");
        Assert.All(reports.SkipLast(1), r => Assert.False(r.Finished));
        Assert.Equal(new FileReadPosition(new FileInfo(path).Length, new FileInfo(path).Length, 50_000, Finished: true), reports[^1]);
    }

    private static string WriteLargeFile(TempDirectory directory, int rows, Func<int, string?> replace)
    {
        var path = directory.File("consumable.csv");
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        writer.WriteLine("med_list_codg,name,begndate,vali_flag,chrgitm_lv,pric_uplmt_amt");
        for (var i = 0; i < rows; i++)
        {
            writer.WriteLine(replace(i) ?? string.Create(CultureInfo.InvariantCulture, $"C{i:D20},一次性使用医用耗材{i},2025-01-01,1,02,12.34"));
        }

        return path;
    }

    private static int Number(string code) => int.Parse(code.AsSpan(1), CultureInfo.InvariantCulture);

    /// <summary>Reads a whole file the way a store does, keeping what was yielded and the errors it ended with.</summary>
    private static Drained Drain(string path, CatalogItemKind kind)
    {
        using var reader = CatalogFileReader.Open(path, kind);
        var rows = new List<CatalogRow>();
        try
        {
            foreach (var row in reader.ReadRows())
            {
                rows.Add(row);
            }

            return new Drained(reader.File, rows, []);
        }
        catch (ImportFileRejectedException rejected)
        {
            Assert.Equal(rejected.Errors, reader.Errors);
            return new Drained(rejected.File, rows, rejected.Errors);
        }
    }

    private sealed record Drained(string File, IReadOnlyList<CatalogRow> Rows, IReadOnlyList<ImportError> Errors)
    {
        public bool Succeeded => Errors.Count == 0;
    }

    private sealed class Recorder(List<FileReadPosition> reports) : IProgress<FileReadPosition>
    {
        public void Report(FileReadPosition value) => reports.Add(value);
    }
}
