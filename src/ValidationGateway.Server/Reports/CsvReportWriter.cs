using System.Text;
using ValidationGateway.Core.Compliance;

namespace ValidationGateway.Server.Reports;

/// <summary>The daily report as RFC 4180 CSV: UTF-8 with a BOM (so Excel reads the Chinese names), header row, CRLF.</summary>
internal static class CsvReportWriter
{
    public static byte[] Write(IReadOnlyList<InstitutionDayReport> reports)
    {
        var text = new StringBuilder();
        AppendLine(text, DailyReportTable.Headers);
        foreach (var report in DailyReportTable.Order(reports))
        {
            AppendLine(text, DailyReportTable.Row(report).Select(v => v.ToString()).ToArray());
        }

        var preamble = Encoding.UTF8.Preamble;
        var bytes = new byte[preamble.Length + Encoding.UTF8.GetByteCount(text.ToString())];
        preamble.CopyTo(bytes);
        Encoding.UTF8.GetBytes(text.ToString(), bytes.AsSpan(preamble.Length));
        return bytes;
    }

    private static void AppendLine(StringBuilder text, IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            var field = fields[i];
            if (field.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                text.Append('"').Append(field.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                text.Append(field);
            }
        }

        text.Append("\r\n");
    }
}
