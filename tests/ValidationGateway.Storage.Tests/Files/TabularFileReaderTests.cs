using System.Text;
using ValidationGateway.Storage.Files;
using ValidationGateway.Storage.Tests.TestSupport;

namespace ValidationGateway.Storage.Tests.Files;

public sealed class TabularFileReaderTests
{
    private static List<(int Row, string Code, string Name)> ReadCodeAndName(string path)
    {
        using var reader = TabularFileReader.Open(path);
        return reader.ReadRows().Select(r => (r.RowNumber, r["med_list_codg"], r["name"])).ToList();
    }

    [Fact]
    public void ReadRows_CsvWithBomUnknownColumnsAndBlankLines_ReadsByNameWithFileRowNumbers()
    {
        using var directory = new TempDirectory();
        var path = directory.File("catalog.csv");
        File.WriteAllText(path, " MED_LIST_CODG ,extra,Name\r\n XA11CCA351E002010101121 ,1,\"艾地骨化醇软胶囊, 0.5μg\"\r\n\r\n,,\r\nZD03AAA0043010100166,2,艾附暖宫丸\r\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        using (var reader = TabularFileReader.Open(path))
        {
            Assert.Equal(1, reader.HeaderRowNumber);
            Assert.True(reader.HasColumn("med_list_codg"));
            Assert.True(reader.HasColumn("NAME"));
            Assert.False(reader.HasColumn("enddate"));
        }

        Assert.Equal(
            [(2, "XA11CCA351E002010101121", "艾地骨化醇软胶囊, 0.5μg"), (5, "ZD03AAA0043010100166", "艾附暖宫丸")],
            ReadCodeAndName(path));
    }

    [Fact]
    public void ReadRows_QuotedFieldWithLineBreak_ReportsTheLineTheRowStartsOn()
    {
        using var directory = new TempDirectory();
        var path = directory.WriteText("catalog.csv", "med_list_codg,name\nA,\"two\nlines\"\nB,b\n");

        Assert.Equal([(2, "A", "two\nlines"), (4, "B", "b")], ReadCodeAndName(path));
    }

    [Fact]
    public void ReadRows_StrayQuoteInCsv_ReadsRowAndFlagsProblem()
    {
        using var directory = new TempDirectory();
        var path = directory.WriteText("catalog.csv", "med_list_codg,name\nA,a\nB,12\"x\nC,c\n");

        using var reader = TabularFileReader.Open(path);
        var rows = reader.ReadRows().Select(r => (r.RowNumber, r["med_list_codg"], r.Problem is not null)).ToList();

        Assert.Equal([(2, "A", false), (3, "B", true), (4, "C", false)], rows);
    }

    [Theory]
    [InlineData("catalog.tsv")]
    [InlineData("catalog.txt")]
    public void ReadRows_TabSeparated_SplitsOnTabsAndKeepsQuotesAsData(string name)
    {
        using var directory = new TempDirectory();
        var path = directory.WriteText(name, "med_list_codg\tname\nA\t\"引号\"药, 片\n");

        Assert.Equal([(2, "A", "\"引号\"药, 片")], ReadCodeAndName(path));
    }

    [Fact]
    public void ReadRows_Xlsx_ReadsFirstSheetWithSheetRowNumbers()
    {
        using var directory = new TempDirectory();
        var path = directory.File("catalog.xlsx");
        XlsxFile.Write(
            path,
            extraSheet: [["med_list_codg", "name"], ["WRONG", "second sheet"]],
            ["Name", " med_list_codg ", "pric_uplmt_amt"],
            ["普通门诊诊查费", "001102000010000", 12.5],
            null,
            [null, null, null],
            ["主任医师诊查费", 110200002, 0.1]);

        using var reader = TabularFileReader.Open(path);
        var rows = reader.ReadRows().Select(r => (r.RowNumber, r["med_list_codg"], r["name"], r["pric_uplmt_amt"])).ToList();

        Assert.Equal([(2, "001102000010000", "普通门诊诊查费", "12.5"), (5, "110200002", "主任医师诊查费", "0.1")], rows);
    }

    [Fact]
    public void Open_UnsupportedExtension_ThrowsNamingFileAndTypes()
    {
        using var directory = new TempDirectory();
        var path = directory.WriteText("catalog.xls", "x");

        var error = Assert.Throws<TabularFileException>(() => TabularFileReader.Open(path));

        Assert.StartsWith(path + ":", error.Message, StringComparison.Ordinal);
        Assert.Contains(".xlsx", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_MissingFile_ThrowsNamingFile()
    {
        using var directory = new TempDirectory();
        var path = directory.File("nope.csv");

        var error = Assert.Throws<TabularFileException>(() => TabularFileReader.Open(path));

        Assert.Equal($"{path}: file not found.", error.Message);
    }

    [Fact]
    public void Open_CsvNotUtf8_ThrowsNamingFileAndTheFix()
    {
        using var directory = new TempDirectory();
        var path = directory.File("gbk.csv");
        // "当归" in GBK (B5 B1 B9 E9), which is not valid UTF-8.
        File.WriteAllBytes(path, [.. "med_list_codg,name\nA,a\nB,"u8, 0xB5, 0xB1, 0xB9, 0xE9, (byte)'\n']);

        var error = Assert.Throws<TabularFileException>(() =>
        {
            using var reader = TabularFileReader.Open(path);
            _ = reader.ReadRows().ToList();
        });

        Assert.StartsWith(path + ":", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 3 is not valid UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_CorruptXlsx_ThrowsNamingFile()
    {
        using var directory = new TempDirectory();
        var path = directory.WriteText("catalog.xlsx", "med_list_codg,name\nA,a\n");

        var error = Assert.Throws<TabularFileException>(() => TabularFileReader.Open(path));

        Assert.StartsWith(path + ":", error.Message, StringComparison.Ordinal);
        Assert.Contains("xlsx", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadRows_SecondEnumeration_Throws()
    {
        using var directory = new TempDirectory();
        var path = directory.WriteText("catalog.csv", "med_list_codg\nA\n");
        using var reader = TabularFileReader.Open(path);
        _ = reader.ReadRows().ToList();

        Assert.Throws<InvalidOperationException>(() => reader.ReadRows());
    }
}
