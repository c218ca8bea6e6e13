using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace ValidationGateway.Server.Tests.Admin;

/// <summary>Reads the first sheet of an XLSX with DocumentFormat.OpenXml: each cell's text, and whether it is a number.</summary>
public static class XlsxSheet
{
    public static List<List<(string Text, bool IsNumber)>> Read(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        using var document = SpreadsheetDocument.Open(stream, false);
        var workbook = document.WorkbookPart!;
        var first = workbook.Workbook.Sheets!.Elements<Sheet>().First();
        var sheet = (WorksheetPart)workbook.GetPartById(first.Id!);
        var shared = workbook.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(s => s.InnerText).ToArray() ?? [];
        return sheet.Worksheet.Descendants<Row>().Select(row => row.Elements<Cell>().Select(cell =>
        {
            if (cell.DataType?.Value == CellValues.InlineString)
            {
                return (cell.InlineString!.InnerText, false);
            }

            if (cell.DataType?.Value == CellValues.SharedString)
            {
                return (shared[int.Parse(cell.CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture)], false);
            }

            return (cell.CellValue?.Text ?? "", cell.DataType is null || cell.DataType.Value == CellValues.Number);
        }).ToList()).ToList();
    }
}
