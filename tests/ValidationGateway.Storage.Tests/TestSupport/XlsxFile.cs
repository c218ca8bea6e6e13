using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace ValidationGateway.Storage.Tests.TestSupport;

/// <summary>Writes small workbooks for reader tests.</summary>
internal static class XlsxFile
{
    /// <summary>
    /// Writes one sheet: element i of <paramref name="rows"/> is sheet row i + 1; a null row is left out of the
    /// file (a gap). Strings become inline strings, numbers become numeric cells, null cells are left out.
    /// </summary>
    public static void Write(string path, params object?[]?[] rows) => Write(path, extraSheet: null, rows);

    public static void Write(string path, object?[]?[]? extraSheet, params object?[]?[] rows)
    {
        using var document = SpreadsheetDocument.Create(path, SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        workbook.Workbook = new Workbook();
        var sheets = workbook.Workbook.AppendChild(new Sheets());
        AddSheet(workbook, sheets, "目录", 1, rows);
        if (extraSheet is not null)
        {
            AddSheet(workbook, sheets, "Other", 2, extraSheet);
        }

        workbook.Workbook.Save();
    }

    private static void AddSheet(WorkbookPart workbook, Sheets sheets, string name, uint id, object?[]?[] rows)
    {
        var worksheet = workbook.AddNewPart<WorksheetPart>();
        var data = new SheetData();
        worksheet.Worksheet = new Worksheet(data);
        for (var r = 0; r < rows.Length; r++)
        {
            if (rows[r] is not { } values)
            {
                continue;
            }

            var row = new Row { RowIndex = (uint)(r + 1) };
            for (var c = 0; c < values.Length; c++)
            {
                var reference = ColumnName(c) + (r + 1).ToString(CultureInfo.InvariantCulture);
                switch (values[c])
                {
                    case null:
                        break;
                    case string s:
                        row.Append(new Cell { CellReference = reference, DataType = CellValues.InlineString, InlineString = new InlineString(new Text(s) { Space = SpaceProcessingModeValues.Preserve }) });
                        break;
                    case IFormattable number:
                        row.Append(new Cell { CellReference = reference, DataType = CellValues.Number, CellValue = new CellValue(number.ToString(null, CultureInfo.InvariantCulture)) });
                        break;
                    default:
                        throw new ArgumentException($"Unsupported cell value {values[c]}.", nameof(rows));
                }
            }

            data.Append(row);
        }

        sheets.Append(new Sheet { Id = workbook.GetIdOfPart(worksheet), SheetId = id, Name = name });
    }

    private static string ColumnName(int index) =>
        index < 26 ? ((char)('A' + index)).ToString() : ColumnName((index / 26) - 1) + (char)('A' + (index % 26));
}
