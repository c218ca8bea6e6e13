using System.Globalization;
using System.Text;
using ValidationGateway.Core.Catalog;

namespace ValidationGateway.Server.Catalog;

/// <summary>One example row of a diff: before (removed, changed), after (added, changed) and the changed fields.</summary>
internal sealed class CatalogRowChange(CatalogRow? before, CatalogRow? after, CatalogFields fields)
{
    public CatalogRow? Before { get; set; } = before;

    public CatalogRow? After { get; } = after;

    public CatalogFields Fields { get; } = fields;

    public string Describe()
    {
        var row = After ?? Before;
        if (row is null)
        {
            return "";
        }

        var text = new StringBuilder(row.Code);
        if (row.BeginDate is { } begin)
        {
            text.Append(CultureInfo.InvariantCulture, $" [from {begin:yyyy-MM-dd}]");
        }

        if (Before is null || After is null)
        {
            return text.Append(' ').Append(row.Name).ToString();
        }

        var parts = new List<string>();
        Add(parts, CatalogFields.Name, "name", Before.Name, After.Name);
        Add(parts, CatalogFields.Dates, "enddate", Date(Before.EndDate), Date(After.EndDate));
        Add(parts, CatalogFields.ValiFlag, "vali_flag", Before.Valid ? "1" : "0", After.Valid ? "1" : "0");
        Add(parts, CatalogFields.ChargeLevel, "chrgitm_lv", Before.ChargeLevel, After.ChargeLevel);
        Add(parts, CatalogFields.Restricted, "lmt_used_flag", Before.RestrictedUse ? "1" : "0", After.RestrictedUse ? "1" : "0");
        Add(parts, CatalogFields.Caps, "caps", Caps(Before), Caps(After));
        return text.Append(": ").AppendJoin("; ", parts).ToString();
    }

    private void Add(List<string> parts, CatalogFields field, string name, string before, string after)
    {
        if (Fields.HasFlag(field))
        {
            parts.Add($"{name} {Show(before)} → {Show(after)}");
        }
    }

    private static string Show(string value) => value.Length == 0 ? "–" : value;

    private static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    private static string Caps(CatalogRow row) => string.Join('/', new[] { row.PriceCap, row.Level1Price, row.Level2Price, row.Level3Price }
        .Select(p => p?.ToString(CultureInfo.InvariantCulture) ?? "–"));
}
