using System.Buffers;
using System.Text;
using ValidationGateway.Core.Compliance;

namespace ValidationGateway.Server.Reports;

/// <summary>The daily report as RFC 4180 CSV: UTF-8 with a BOM (so Excel reads the Chinese names), header row, CRLF.</summary>
/// <remarks>
/// Text cells come from the store (institution names and codes, anything an operator or an upload put there), and
/// Excel and LibreOffice run a cell that starts with a formula character as a formula, quoted or not (OWASP "CSV
/// Injection", CWE-1236). Such a text cell is written with a leading <c>'</c>, so the spreadsheet shows it as text.
/// Number cells are written as they are: a negative amount stays a number.
/// </remarks>
internal static class CsvReportWriter
{
    // OWASP's list (=, +, -, @, tab, carriage return) and ASVS 1.2.10's NUL.
    private static readonly SearchValues<char> FormulaStart = SearchValues.Create("=+-@\t\r\0");

    private static readonly SearchValues<char> NeedsQuotes = SearchValues.Create(",\"\r\n");

    public static byte[] Write(IReadOnlyList<InstitutionDayReport> reports)
    {
        var text = new StringBuilder();
        for (var i = 0; i < DailyReportTable.Headers.Count; i++)
        {
            text.Append(i > 0 ? "," : "");
            AppendText(text, DailyReportTable.Headers[i]);
        }

        text.Append("\r\n");
        foreach (var report in DailyReportTable.Order(reports))
        {
            var row = DailyReportTable.Row(report);
            for (var i = 0; i < row.Length; i++)
            {
                text.Append(i > 0 ? "," : "");
                if (row[i].IsNumber)
                {
                    text.Append(row[i].ToString());
                }
                else
                {
                    AppendText(text, row[i].Text!);
                }
            }

            text.Append("\r\n");
        }

        var preamble = Encoding.UTF8.Preamble;
        var bytes = new byte[preamble.Length + Encoding.UTF8.GetByteCount(text.ToString())];
        preamble.CopyTo(bytes);
        Encoding.UTF8.GetBytes(text.ToString(), bytes.AsSpan(preamble.Length));
        return bytes;
    }

    /// <summary>A text cell: a formula start neutralised with <c>'</c>, then quoted if it holds a comma, quote or line break.</summary>
    private static void AppendText(StringBuilder text, string field)
    {
        var guard = field.Length > 0 && FormulaStart.Contains(field[0]) ? "'" : "";
        if (field.AsSpan().ContainsAny(NeedsQuotes))
        {
            text.Append('"').Append(guard).Append(field.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
        }
        else
        {
            text.Append(guard).Append(field);
        }
    }
}
