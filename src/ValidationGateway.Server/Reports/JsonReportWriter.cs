using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using ValidationGateway.Core.Compliance;

namespace ValidationGateway.Server.Reports;

/// <summary>The daily report as a JSON array of objects: the CSV columns, plus findings by rule and the top failing local codes.</summary>
internal static class JsonReportWriter
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        // Chinese names stay readable; HTML-sensitive characters are still escaped.
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    public static byte[] Write(IReadOnlyList<InstitutionDayReport> reports)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartArray();
            foreach (var report in DailyReportTable.Order(reports))
            {
                json.WriteStartObject();
                var row = DailyReportTable.Row(report);
                for (var i = 0; i < row.Length; i++)
                {
                    json.WritePropertyName(DailyReportTable.Headers[i]);
                    if (row[i].IsNumber)
                    {
                        json.WriteNumberValue(row[i].Number);
                    }
                    else
                    {
                        json.WriteStringValue(row[i].Text);
                    }
                }

                json.WriteStartObject("findings_by_rule");
                foreach (var (rule, count) in report.Stats.FindingsByRule.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    json.WriteNumber(rule, count);
                }

                json.WriteEndObject();
                json.WriteStartArray("top_failing_local_codes");
                foreach (var code in report.Stats.TopFailingLocalCodes)
                {
                    json.WriteStartObject();
                    json.WriteString("medins_list_codg", code.LocalCode);
                    json.WriteString("rule_id", code.RuleId);
                    json.WriteNumber("count", code.Count);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }
}
