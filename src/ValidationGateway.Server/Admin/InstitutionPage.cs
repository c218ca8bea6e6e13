using System.Text;
using ValidationGateway.Core.Compliance;
using ValidationGateway.Server.Reports;
using static ValidationGateway.Server.Admin.AdminHtml;

namespace ValidationGateway.Server.Admin;

/// <summary>/admin/institutions/{code}: one institution over a date range: trend chart, days, findings by rule, top failing local codes.</summary>
internal static class InstitutionPage
{
    /// <summary>Days shown when the range is not given.</summary>
    public const int DefaultDays = 14;

    /// <summary>The longest range a page draws.</summary>
    public const int MaxDays = 366;

    public static string Render(IReadOnlyList<InstitutionDayReport> days, DateOnly from, DateOnly to, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(days);
        var institution = days[0].Institution;
        var stats = days.Select(d => d.Stats).ToArray();
        long lines = stats.Sum(s => s.Lines), reject = stats.Sum(s => s.LinesReject), valid = stats.Sum(s => s.LinesWithValidNationalCode);
        var code = U(institution.Code);
        var html = new StringBuilder(16384);
        html.Append("<p class=\"crumbs no-print\"><a href=\"/admin?date=").Append(Date(to)).Append("\">◀ 每日概览 Overview</a></p>")
            .Append("<h1 id=\"institution-name\">").Append(E(institution.Name)).Append("</h1>\n<p class=\"subtitle\">机构编码 <b id=\"institution-code\">").Append(E(institution.Code))
            .Append("</b> · ").Append(E(LevelName(institution))).Append(" · 区划 ").Append(E(institution.AdminDivision))
            .Append(" · ").Append(Date(from)).Append(" 至 ").Append(Date(to)).Append("</p>\n");

        html.Append("<form method=\"get\" action=\"/admin/institutions/").Append(E(code)).Append("\" class=\"filters card no-print\">")
            .Append("<label>起 From <input type=\"date\" name=\"from\" value=\"").Append(Date(from)).Append("\"></label>")
            .Append("<label>止 To <input type=\"date\" name=\"to\" value=\"").Append(Date(to)).Append("\" max=\"").Append(Date(today)).Append("\"></label>")
            .Append("<button type=\"submit\">查询 Apply</button>");
        foreach (var n in new[] { 7, 14, 30, 90 })
        {
            html.Append("<a href=\"/admin/institutions/").Append(E(code)).Append("?from=").Append(Date(to.AddDays(1 - n))).Append("&amp;to=").Append(Date(to)).Append("\">近 ").Append(n).Append(" 天</a>");
        }

        html.Append("<a class=\"button\" id=\"notice-link\" href=\"/admin/institutions/").Append(E(code)).Append("/notice?date=").Append(Date(to)).Append("\">生成通报 Notice（").Append(Date(to)).Append("）</a>")
            .Append("</form>\n");

        html.Append("<section class=\"tiles\">")
            .Append(OverviewPage.Tile("批次 Batches", Number(stats.Sum(s => s.Batches)), DayCount(stats)))
            .Append(OverviewPage.Tile("明细 Lines", Number(lines), "有效编码 " + (lines == 0 ? "—" : Percent((double)valid / lines))))
            .Append(OverviewPage.Tile("拒付明细 Rejected", Number(reject), lines == 0 ? "—" : "拒付率 " + Percent((double)reject / lines), reject > 0 ? "neg" : ""))
            .Append(OverviewPage.Tile("拒付金额 Rejected ¥", Yuan(stats.Sum(s => s.AmountRejected)), "总额 " + Yuan(stats.Sum(s => s.AmountTotal)) + " 元"))
            .Append(OverviewPage.Tile("超限金额 Over cap ¥", Yuan(stats.Sum(s => s.AmountOverCap)), ""))
            .Append("</section>\n");

        html.Append("<section class=\"card\"><h2>趋势 <span class=\"en\">Trend</span></h2>\n<div class=\"chart-wrap\">").Append(TrendChart.Render(stats)).Append("</div>\n")
            .Append("<details class=\"no-print\"><summary>按日数据 Daily figures</summary><div class=\"table-wrap\"><table id=\"days\" class=\"data\"><thead><tr><th>日期 Date</th><th class=\"num\">批次</th><th class=\"num\">明细</th><th class=\"num\">通过</th><th class=\"num\">提醒</th><th class=\"num\">拒付</th><th class=\"num\">有效编码率</th><th class=\"num\">对照率</th><th></th></tr></thead><tbody>");
        foreach (var d in days.Reverse())
        {
            var s = d.Stats;
            html.Append("<tr data-day=\"").Append(Date(s.Day)).Append("\"><td>").Append(Date(s.Day)).Append("</td><td class=\"num\">").Append(Number(s.Batches))
                .Append("</td><td class=\"num\">").Append(Number(s.Lines)).Append("</td><td class=\"num\">").Append(Number(s.LinesPass))
                .Append("</td><td class=\"num\">").Append(Number(s.LinesWarn)).Append("</td><td class=\"num\">").Append(Number(s.LinesReject))
                .Append("</td><td class=\"num\">").Append(s.Lines == 0 ? "—" : Percent(s.ValidCodeShare)).Append("</td><td class=\"num\">").Append(s.Lines == 0 ? "—" : Percent(d.MappingRate))
                .Append("</td><td>").Append(s.Lines == 0 ? "" : "<a href=\"/admin/institutions/" + E(code) + "/notice?date=" + Date(s.Day) + "\">通报</a>").Append("</td></tr>");
        }

        html.Append("</tbody></table></div></details></section>\n");

        var byRule = stats.SelectMany(s => s.FindingsByRule)
            .GroupBy(p => p.Key, StringComparer.Ordinal)
            .Select(g => (Rule: g.Key, Count: g.Sum(p => p.Value)))
            .Where(p => p.Count > 0)
            .OrderByDescending(p => p.Count).ThenBy(p => p.Rule, StringComparer.Ordinal)
            .ToArray();
        FindingsTable(html, byRule, "findings");

        var codes = MergeCodes(stats);
        html.Append("<section class=\"card\"><h2>问题最多的院内编码 <span class=\"en\">Top failing local codes</span></h2>");
        CodesTable(html, codes, withAction: false);
        html.Append("</section>\n");
        return Page(institution.Name, html.ToString());
    }

    /// <summary>The findings-by-rule table (shared with the notice).</summary>
    public static void FindingsTable(StringBuilder html, IReadOnlyList<(string Rule, long Count)> byRule, string id, bool card = true)
    {
        var total = byRule.Sum(p => p.Count);
        if (card)
        {
            html.Append("<section class=\"card\"><h2>按规则统计的问题 <span class=\"en\">Findings by rule</span></h2>");
        }

        if (byRule.Count == 0)
        {
            html.Append("<p class=\"empty\" id=\"").Append(id).Append("-empty\">无问题记录 No findings</p>");
        }
        else
        {
            html.Append("<table id=\"").Append(id).Append("\" class=\"data\"><thead><tr><th>序号</th><th>问题 Rule</th><th>规则编号 Rule id</th><th>级别</th><th class=\"num\">次数 Count</th><th class=\"num\">占比</th></tr></thead><tbody>");
            var n = 0;
            foreach (var (rule, count) in byRule)
            {
                html.Append("<tr data-rule=\"").Append(E(rule)).Append("\"><td>").Append(++n).Append("</td><td>").Append(E(RuleGuidance.Description(rule)))
                    .Append("<span class=\"en\">").Append(E(RuleGuidance.DescriptionEn(rule))).Append("</span></td><td><code>").Append(E(rule)).Append("</code></td><td>")
                    .Append(RuleGuidance.IsWarning(rule) ? "<span class=\"pill warn\">提醒</span>" : "<span class=\"pill err\">拒付</span>")
                    .Append("</td><td class=\"num\">").Append(Number(count)).Append("</td><td class=\"num\">").Append(Percent((double)count / total)).Append("</td></tr>");
            }

            html.Append("</tbody></table>");
        }

        if (card)
        {
            html.Append("</section>\n");
        }
    }

    /// <summary>The failing-codes table (the notice adds what to do).</summary>
    public static void CodesTable(StringBuilder html, IReadOnlyList<LocalCodeCount> codes, bool withAction)
    {
        if (codes.Count == 0)
        {
            html.Append("<p class=\"empty\" id=\"codes-empty\">无 None</p>");
            return;
        }

        html.Append("<table id=\"codes\" class=\"data\"><thead><tr><th>序号</th><th>院内编码 Local code</th><th>问题 Rule</th><th class=\"num\">次数 Count</th>")
            .Append(withAction ? "<th>整改要求 What to do</th>" : "").Append("</tr></thead><tbody>");
        var n = 0;
        foreach (var c in codes)
        {
            html.Append("<tr data-code=\"").Append(E(c.LocalCode)).Append("\"><td>").Append(++n).Append("</td><td><code>").Append(E(c.LocalCode.Length == 0 ? "（空）" : c.LocalCode))
                .Append("</code></td><td>").Append(E(RuleGuidance.Description(c.RuleId))).Append(" <code class=\"small\">").Append(E(c.RuleId)).Append("</code></td><td class=\"num\">")
                .Append(Number(c.Count)).Append("</td>").Append(withAction ? "<td>" + E(RuleGuidance.Action(c.RuleId)) + "</td>" : "").Append("</tr>");
        }

        html.Append("</tbody></table>");
    }

    /// <summary>The days' failing codes summed by (code, rule), worst first, at most 20.</summary>
    public static IReadOnlyList<LocalCodeCount> MergeCodes(IEnumerable<InstitutionDayStats> stats) => stats
        .SelectMany(s => s.TopFailingLocalCodes)
        .GroupBy(c => (c.LocalCode, c.RuleId))
        .Select(g => new LocalCodeCount(g.Key.LocalCode, g.Key.RuleId, g.Sum(c => c.Count)))
        .OrderByDescending(c => c.Count).ThenBy(c => c.LocalCode, StringComparer.Ordinal).ThenBy(c => c.RuleId, StringComparer.Ordinal)
        .Take(20)
        .ToArray();

    private static string DayCount(InstitutionDayStats[] stats) =>
        "有上传 " + stats.Count(s => s.Lines > 0).ToString(System.Globalization.CultureInfo.InvariantCulture) + " / " + stats.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + " 天";
}
