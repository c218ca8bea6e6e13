using System.IO.Compression;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using ValidationGateway.Core.Compliance;

namespace ValidationGateway.Server.Reports;

/// <summary>The daily report as an XLSX workbook: one sheet, the CSV columns, numbers as numbers, a bold frozen header.</summary>
internal static class XlsxReportWriter
{
    // Zip entries carry a time stamp; a fixed one makes the CLI and the page produce the same bytes for the same numbers.
    private static readonly DateTimeOffset EntryTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The cell format of data text cells (index into <see cref="Stylesheet"/>'s cell formats): quote prefix.</summary>
    private const uint TextStyle = 2;

    public static byte[] Write(IReadOnlyList<InstitutionDayReport> reports, DateOnly day)
    {
        using var package = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(package, SpreadsheetDocumentType.Workbook))
        {
            // A fixed relationship id: AddWorkbookPart would pick a random one, and the bytes would differ on every export.
            var workbookPart = document.AddNewPart<WorkbookPart>("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "rIdWorkbook");
            workbookPart.Workbook = new Workbook();
            var styles = workbookPart.AddNewPart<WorkbookStylesPart>("rIdStyles");
            styles.Stylesheet = Stylesheet();
            var sheetPart = workbookPart.AddNewPart<WorksheetPart>("rIdSheet1");
            var data = new SheetData();
            data.Append(HeaderRow());
            uint rowIndex = 2;
            foreach (var report in DailyReportTable.Order(reports))
            {
                data.Append(DataRow(rowIndex++, DailyReportTable.Row(report)));
            }

            sheetPart.Worksheet = new Worksheet(
                new SheetViews(new SheetView(new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen }) { WorkbookViewId = 0 }),
                new Columns(DailyReportTable.Headers.Select((h, i) => new Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = i == 2 ? 36 : Math.Max(10, h.Length + 2), CustomWidth = true })),
                data);
            workbookPart.Workbook.AppendChild(new Sheets(new Sheet { Id = "rIdSheet1", SheetId = 1, Name = "daily " + BusinessDay.Format(day) }));
        }

        return Normalize(package.ToArray());
    }

    private static Row HeaderRow()
    {
        var row = new Row { RowIndex = 1 };
        for (var i = 0; i < DailyReportTable.Headers.Count; i++)
        {
            row.Append(new Cell { CellReference = Reference(i, 1), DataType = CellValues.InlineString, StyleIndex = 1, InlineString = new InlineString(new Text(DailyReportTable.Headers[i])) });
        }

        return row;
    }

    private static Row DataRow(uint index, ReportValue[] values)
    {
        var row = new Row { RowIndex = index };
        for (var i = 0; i < values.Length; i++)
        {
            var cell = new Cell { CellReference = Reference(i, index) };
            if (values[i].IsNumber)
            {
                cell.CellValue = new CellValue(values[i].Number);
                cell.DataType = CellValues.Number;
            }
            else
            {
                // An inline string is never evaluated, whatever it starts with; the quote prefix style keeps it text
                // when someone edits the cell in Excel (which would otherwise turn "=…" into a formula on Enter).
                cell.DataType = CellValues.InlineString;
                cell.InlineString = new InlineString(new Text(values[i].Text!));
                cell.StyleIndex = TextStyle;
            }

            row.Append(cell);
        }

        return row;
    }

    private static string Reference(int column, uint row)
    {
        var name = "";
        for (var c = column + 1; c > 0; c = (c - 1) / 26)
        {
            name = (char)('A' + ((c - 1) % 26)) + name;
        }

        return name + row.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static Stylesheet Stylesheet() => new(
        new Fonts(new Font(), new Font(new Bold())) { Count = 2 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border()) { Count = 1 },
        new CellFormats(new CellFormat(), new CellFormat { FontId = 1, ApplyFont = true }, new CellFormat { QuotePrefix = true }) { Count = 3 });

    /// <summary>Rewrites the package with fixed entry times, keeping entry order and content.</summary>
    private static byte[] Normalize(byte[] package)
    {
        using var input = new ZipArchive(new MemoryStream(package), ZipArchiveMode.Read);
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in input.Entries)
            {
                var copy = zip.CreateEntry(entry.FullName, CompressionLevel.Optimal);
                copy.LastWriteTime = EntryTime;
                using var from = entry.Open();
                using var to = copy.Open();
                from.CopyTo(to);
            }
        }

        return output.ToArray();
    }
}
