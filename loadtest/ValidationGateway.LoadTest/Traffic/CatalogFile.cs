using System.Globalization;

namespace ValidationGateway.LoadTest.Traffic;

/// <summary>Reads a catalog file in the gateway's import format (<c>vgw catalog import</c>; CSV or TSV) into fee-line items.</summary>
internal static class CatalogFile
{
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy-MM-dd HH:mm:ss", "yyyy/MM/dd", "yyyyMMdd"];

    /// <summary>Items of a file; rows whose code is not a fee-line family (diagnoses, operations) are skipped.</summary>
    public static List<CatalogItem> Read(TextReader reader, string fileName)
    {
        var items = new List<CatalogItem>();
        foreach (var (row, values) in CsvTable.Read(reader, fileName))
        {
            var code = values.GetValueOrDefault("med_list_codg", "");
            if (code.Length == 0)
            {
                throw new FormatException($"{fileName}:{row}: med_list_codg is empty (is this a catalog file?)");
            }

            if (CatalogItem.TypeOfCode(code) is not { } type)
            {
                continue;
            }

            var caps = new PriceCaps(Cap(values, "pric_uplmt_amt"), Cap(values, "lv1_hosp_item_pric"), Cap(values, "lv2_hosp_item_pric"), Cap(values, "lv3_hosp_item_pric"));
            items.Add(new CatalogItem(
                code,
                type,
                Date(values.GetValueOrDefault("begndate", ""), fileName, row),
                Date(values.GetValueOrDefault("enddate", ""), fileName, row),
                values.GetValueOrDefault("vali_flag", "") is not "0",
                values.GetValueOrDefault("lmt_used_flag", "") is "1",
                values.GetValueOrDefault("chrgitm_lv", "") is { Length: > 0 } level ? level : "01",
                caps));
        }

        return items;
    }

    private static decimal? Cap(IReadOnlyDictionary<string, string> values, string column) =>
        decimal.TryParse(values.GetValueOrDefault(column, ""), NumberStyles.Number, CultureInfo.InvariantCulture, out var cap) && cap > 0 ? cap : null;

    private static DateOnly? Date(string text, string fileName, int row)
    {
        if (text.Length == 0)
        {
            return null;
        }

        return DateTime.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            ? DateOnly.FromDateTime(value)
            : throw new FormatException($"{fileName}:{row}: date '{text}' is not yyyy-MM-dd");
    }
}
