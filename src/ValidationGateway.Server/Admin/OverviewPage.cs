using System.Globalization;
using System.Text;
using ValidationGateway.Core.Compliance;
using ValidationGateway.Server.Reports;
using static ValidationGateway.Server.Admin.AdminHtml;

namespace ValidationGateway.Server.Admin;

/// <summary>/admin: one day across every institution, worst first, sortable and filterable, with the day's downloads.</summary>
internal static class OverviewPage
{
    public static string Render(DateOnly day, DateOnly today, IReadOnlyList<InstitutionDayReport> reports, OverviewQuery query)
    {
        ArgumentNullException.ThrowIfNull(reports);
        ArgumentNullException.ThrowIfNull(query);
        var rows = query.Apply(reports);
        var html = new StringBuilder(8192 + (rows.Count * 1200));
        html.Append("<h1>每日贯标情况概览 <span class=\"en\">Daily compliance overview</span></h1>\n");

        // Day picker and filters: a plain GET form, so every view is a link that can be shared or bookmarked.
        html.Append("<form method=\"get\" action=\"/admin\" class=\"filters card no-print\">")
            .Append("<a class=\"button\" id=\"prev-day\" href=\"").Append(E(query.Link(day.AddDays(-1)))).Append("\">◀ 前一日</a>")
            .Append("<label>日期 Date <input type=\"date\" name=\"date\" value=\"").Append(Date(day)).Append("\" max=\"").Append(Date(today)).Append("\"></label>");
        if (day < today)
        {
            html.Append("<a class=\"button\" id=\"next-day\" href=\"").Append(E(query.Link(day.AddDays(1)))).Append("\">后一日 ▶</a>");
        }

        html.Append("<label>区划前缀 Region <input type=\"text\" name=\"region\" inputmode=\"numeric\" pattern=\"[0-9]{0,6}\" maxlength=\"6\" placeholder=\"如 2101\" value=\"").Append(E(query.Region)).Append("\"></label>")
            .Append("<label>等级 Level <select name=\"level\">").Append(Option("", "全部", query.Level == 0 ? "" : "x"));
        foreach (var (value, label) in new[] { ("3", "三级"), ("2", "二级"), ("1", "一级") })
        {
            html.Append(Option(value, label, query.Level.ToString(CultureInfo.InvariantCulture)));
        }

        html.Append("</select></label><label>类型 Type <select name=\"type\">")
            .Append(Option("", "全部", query.Type)).Append(Option("hospital", "医院", query.Type)).Append(Option("pharmacy", "药店", query.Type))
            .Append("</select></label>")
            .Append("<input type=\"hidden\" name=\"sort\" value=\"").Append(E(query.Sort)).Append("\">")
            .Append("<input type=\"hidden\" name=\"dir\" value=\"").Append(query.Descending ? "desc" : "asc").Append("\">")
            .Append("<button type=\"submit\">查询 Apply</button>");
        if (query.Region.Length > 0 || query.Level > 0 || query.Type.Length > 0)
        {
            html.Append("<a href=\"/admin?date=").Append(Date(day)).Append("\">清除筛选 Clear</a>");
        }

        html.Append("</form>\n");

        Summary(html, day, rows, reports.Count);

        html.Append("<section class=\"card\"><div class=\"card-head\"><h2>").Append(ChineseDate(day)).Append(" 各机构情况 <span class=\"en\">Institutions</span></h2>")
            .Append("<div class=\"downloads no-print\">下载全部机构 Download:");
        foreach (var format in ReportFormats.Names)
        {
            html.Append(" <a class=\"button\" id=\"download-").Append(format).Append("\" href=\"/admin/export?date=").Append(Date(day)).Append("&amp;format=").Append(format).Append("\">")
                .Append(format.ToUpperInvariant()).Append("</a>");
        }

        html.Append("</div></div>\n<div class=\"table-wrap\"><table id=\"overview\" class=\"data\" data-date=\"").Append(Date(day)).Append("\">\n<thead><tr>");
        foreach (var column in OverviewQuery.Columns)
        {
            var active = column.Key == query.Sort;
            var nextDescending = active ? !query.Descending : column.Numeric;
            html.Append("<th").Append(column.Numeric ? " class=\"num\"" : "").Append(" data-col=\"").Append(column.Key).Append('"')
                .Append(active ? (query.Descending ? " aria-sort=\"descending\"" : " aria-sort=\"ascending\"") : "").Append('>')
                .Append("<a href=\"").Append(E(query.Link(day, column.Key, nextDescending))).Append("\">").Append(E(column.Zh))
                .Append(active ? (query.Descending ? " ▼" : " ▲") : "").Append("<span class=\"en\">").Append(E(column.En)).Append("</span></a></th>");
        }

        html.Append("</tr></thead>\n<tbody>\n");
        if (rows.Count == 0)
        {
            html.Append("<tr><td colspan=\"").Append(OverviewQuery.Columns.Count).Append("\" class=\"empty\">没有符合条件的机构 No institution matches</td></tr>\n");
        }

        foreach (var r in rows)
        {
            var s = r.Stats;
            var rejectShare = DailyReportTable.RejectShare(s);
            var link = "/admin/institutions/" + U(r.Institution.Code) + "?to=" + Date(day);
            html.Append("<tr data-code=\"").Append(E(r.Institution.Code)).Append('"').Append(s.Lines == 0 ? " class=\"idle\"" : rejectShare >= 0.05 ? " class=\"bad\"" : "").Append('>')
                .Append("<td data-col=\"code\"><a href=\"").Append(E(link)).Append("\">").Append(E(r.Institution.Code)).Append("</a></td>")
                .Append("<td data-col=\"name\"><a href=\"").Append(E(link)).Append("\">").Append(E(r.Institution.Name)).Append("</a></td>")
                .Append("<td data-col=\"level\">").Append(E(LevelName(r.Institution))).Append("</td>")
                .Append("<td data-col=\"region\">").Append(E(r.Institution.AdminDivision)).Append("</td>");
            Cell(html, "batches", Number(s.Batches));
            Cell(html, "lines", Number(s.Lines));
            Cell(html, "valid_code_share", s.Lines == 0 ? "—" : Percent(s.ValidCodeShare));
            Cell(html, "pass", Number(s.LinesPass));
            Cell(html, "warn", Number(s.LinesWarn));
            Cell(html, "reject", Number(s.LinesReject), s.LinesReject > 0 ? "neg" : "");
            Cell(html, "reject_share", s.Lines == 0 ? "—" : Percent(rejectShare), rejectShare >= 0.05 ? "neg" : "");
            Cell(html, "amount_rejected", Yuan(s.AmountRejected));
            Cell(html, "amount_over_cap", Yuan(s.AmountOverCap));
            Cell(html, "mapping_rate", s.Lines == 0 ? "—" : Percent(r.MappingRate));
            Cell(html, "flag_rate", Percent(r.FlagRate));
            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n");
        if (rows.Count > 1)
        {
            long batches = rows.Sum(r => r.Stats.Batches), lines = rows.Sum(r => r.Stats.Lines), valid = rows.Sum(r => r.Stats.LinesWithValidNationalCode);
            long pass = rows.Sum(r => r.Stats.LinesPass), warn = rows.Sum(r => r.Stats.LinesWarn), reject = rows.Sum(r => r.Stats.LinesReject);
            html.Append("<tfoot><tr data-code=\"total\"><td colspan=\"4\">合计 Total（").Append(rows.Count).Append(" 家）</td>");
            Cell(html, "batches", Number(batches));
            Cell(html, "lines", Number(lines));
            Cell(html, "valid_code_share", lines == 0 ? "—" : Percent((double)valid / lines));
            Cell(html, "pass", Number(pass));
            Cell(html, "warn", Number(warn));
            Cell(html, "reject", Number(reject));
            Cell(html, "reject_share", lines == 0 ? "—" : Percent((double)reject / lines));
            Cell(html, "amount_rejected", Yuan(rows.Sum(r => r.Stats.AmountRejected)));
            Cell(html, "amount_over_cap", Yuan(rows.Sum(r => r.Stats.AmountOverCap)));
            html.Append("<td></td><td></td></tr></tfoot>\n");
        }

        html.Append("</table></div>\n<p class=\"note\">拒付率 = 拒付明细 / 明细；有效编码率 = 国家编码在目录中且在费用发生日有效的明细占比；对照率 = 当日上传的院内编码中已备案对照的占比；标记率 = 已备案对照中政策标记（限制使用或丙类）项目的占比。日期按北京时间（UTC+8）。")
            .Append("<span class=\"en\">Reject share = rejected lines / lines. Days are UTC+8 business days.</span></p></section>\n");
        return Page("每日概览 " + Date(day), html.ToString());
    }

    private static void Summary(StringBuilder html, DateOnly day, IReadOnlyList<InstitutionDayReport> rows, int all)
    {
        long lines = rows.Sum(r => r.Stats.Lines), reject = rows.Sum(r => r.Stats.LinesReject), valid = rows.Sum(r => r.Stats.LinesWithValidNationalCode);
        var active = rows.Count(r => r.Stats.Lines > 0);
        html.Append("<section class=\"tiles\" id=\"summary\" data-date=\"").Append(Date(day)).Append("\">")
            .Append(Tile("机构 Institutions", rows.Count.ToString(CultureInfo.InvariantCulture) + (rows.Count == all ? "" : " / " + all.ToString(CultureInfo.InvariantCulture)), "有上传 " + active.ToString(CultureInfo.InvariantCulture) + " 家"))
            .Append(Tile("批次 Batches", Number(rows.Sum(r => r.Stats.Batches)), ""))
            .Append(Tile("明细 Lines", Number(lines), "有效编码 " + (lines == 0 ? "—" : Percent((double)valid / lines))))
            .Append(Tile("拒付明细 Rejected", Number(reject), lines == 0 ? "—" : "拒付率 " + Percent((double)reject / lines), reject > 0 ? "neg" : ""))
            .Append(Tile("拒付金额 Rejected ¥", Yuan(rows.Sum(r => r.Stats.AmountRejected)), "超限 " + Yuan(rows.Sum(r => r.Stats.AmountOverCap)) + " 元"))
            .Append("</section>\n");
    }

    internal static string Tile(string label, string value, string detail, string cssClass = "") =>
        "<div class=\"tile" + (cssClass.Length > 0 ? " " + cssClass : "") + "\"><div class=\"tile-label\">" + E(label) + "</div><div class=\"tile-value\">" + E(value)
        + "</div><div class=\"tile-detail\">" + E(detail) + "</div></div>";

    private static void Cell(StringBuilder html, string column, string text, string cssClass = "") =>
        html.Append("<td class=\"num").Append(cssClass.Length > 0 ? " " + cssClass : "").Append("\" data-col=\"").Append(column).Append("\">").Append(E(text)).Append("</td>");

    private static string Option(string value, string label, string selected) =>
        "<option value=\"" + E(value) + "\"" + (value == selected ? " selected" : "") + ">" + E(label) + "</option>";
}
