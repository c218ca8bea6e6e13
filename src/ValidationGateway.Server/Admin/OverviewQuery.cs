using ValidationGateway.Core.Compliance;
using ValidationGateway.Core.Institutions;
using ValidationGateway.Server.Reports;

namespace ValidationGateway.Server.Admin;

/// <summary>The overview's sort and filters, from the query string (?sort=…&amp;dir=…&amp;region=…&amp;level=…&amp;type=…).</summary>
/// <param name="Sort">Column key (see <see cref="Columns"/>); default the reject share, worst first.</param>
/// <param name="Descending">Sort direction.</param>
/// <param name="Region">Admin-division prefix (digits), empty for all.</param>
/// <param name="Level">Hospital level 1..3, or 0 for all.</param>
/// <param name="Type">"hospital", "pharmacy" or empty.</param>
internal sealed record OverviewQuery(string Sort, bool Descending, string Region, int Level, string Type)
{
    public const string DefaultSort = "reject_share";

    /// <summary>Sortable columns: key, Chinese header, English header, sort key, numeric (right-aligned, descending first).</summary>
    public static IReadOnlyList<(string Key, string Zh, string En, Func<InstitutionDayReport, IComparable> By, bool Numeric)> Columns { get; } =
    [
        ("code", "机构编码", "Code", r => r.Institution.Code, false),
        ("name", "机构名称", "Name", r => r.Institution.Name, false),
        ("level", "等级", "Level", r => (r.Institution.Type == InstitutionType.Pharmacy ? 0 : 10) + r.Institution.Level, false),
        ("region", "区划", "Region", r => r.Institution.AdminDivision, false),
        ("batches", "批次", "Batches", r => r.Stats.Batches, true),
        ("lines", "明细", "Lines", r => r.Stats.Lines, true),
        ("valid_code_share", "有效编码率", "Valid code", r => r.Stats.ValidCodeShare, true),
        ("pass", "通过", "Pass", r => r.Stats.LinesPass, true),
        ("warn", "提醒", "Warn", r => r.Stats.LinesWarn, true),
        ("reject", "拒付", "Reject", r => r.Stats.LinesReject, true),
        ("reject_share", "拒付率", "Reject share", r => DailyReportTable.RejectShare(r.Stats), true),
        ("amount_rejected", "拒付金额", "Rejected ¥", r => r.Stats.AmountRejected, true),
        ("amount_over_cap", "超限金额", "Over cap ¥", r => r.Stats.AmountOverCap, true),
        ("mapping_rate", "对照率", "Mapping", r => r.MappingRate, true),
        ("flag_rate", "标记率", "Flag", r => r.FlagRate, true),
    ];

    /// <summary>Reads the query string; unknown values fall back to the defaults rather than failing the page.</summary>
    public static OverviewQuery From(Microsoft.AspNetCore.Http.IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        string sort = query["sort"].ToString() is var s && Columns.Any(c => c.Key == s) ? s : DefaultSort;
        var dir = query["dir"].ToString();
        var descending = dir.Length == 0 ? Columns.First(c => c.Key == sort).Numeric : dir == "desc";
        var region = new string(query["region"].ToString().Where(char.IsAsciiDigit).Take(6).ToArray());
        var level = int.TryParse(query["level"].ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var l) && l is >= 1 and <= 3 ? l : 0;
        var type = query["type"].ToString() is "hospital" or "pharmacy" ? query["type"].ToString() : "";
        return new OverviewQuery(sort, descending, region, level, type);
    }

    /// <summary>The rows that pass the filters, sorted; ties worst first, then by code.</summary>
    public IReadOnlyList<InstitutionDayReport> Apply(IEnumerable<InstitutionDayReport> reports)
    {
        var rows = reports.Where(r =>
            r.Institution.AdminDivision.StartsWith(Region, StringComparison.Ordinal)
            && (Level == 0 || (r.Institution.Type == InstitutionType.Hospital && r.Institution.Level == Level))
            && (Type.Length == 0 || (Type == "pharmacy") == (r.Institution.Type == InstitutionType.Pharmacy)));
        var by = Columns.First(c => c.Key == Sort).By;
        var ordered = Descending ? rows.OrderByDescending(by) : rows.OrderBy(by);
        return ordered
            .ThenByDescending(r => DailyReportTable.RejectShare(r.Stats))
            .ThenByDescending(r => r.Stats.LinesReject)
            .ThenByDescending(r => r.Stats.Lines)
            .ThenBy(r => r.Institution.Code, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>The query string for this view with some parts changed (for links), starting with '?'.</summary>
    public string Link(DateOnly day, string? sort = null, bool? descending = null)
    {
        var parts = new List<string> { "date=" + BusinessDay.Format(day), "sort=" + (sort ?? Sort), "dir=" + ((descending ?? Descending) ? "desc" : "asc") };
        if (Region.Length > 0)
        {
            parts.Add("region=" + Region);
        }

        if (Level > 0)
        {
            parts.Add("level=" + Level.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (Type.Length > 0)
        {
            parts.Add("type=" + Type);
        }

        return "?" + string.Join("&", parts);
    }
}
