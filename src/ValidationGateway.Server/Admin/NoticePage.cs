using System.Text;
using ValidationGateway.Core.Compliance;
using ValidationGateway.Server.Reports;
using static ValidationGateway.Server.Admin.AdminHtml;

namespace ValidationGateway.Server.Admin;

/// <summary>/admin/institutions/{code}/notice: the printable one-page notice to one institution (点对点通报) for one day.</summary>
internal static class NoticePage
{
    public static string Render(InstitutionDayReport report, DateOnly issued)
    {
        ArgumentNullException.ThrowIfNull(report);
        var institution = report.Institution;
        var s = report.Stats;
        var byRule = s.FindingsByRule.Where(p => p.Value > 0)
            .OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => (p.Key, p.Value)).ToArray();
        var codes = InstitutionPage.MergeCodes([s]);
        var number = "VGW-" + s.Day.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture) + "-" + institution.Code;

        var html = new StringBuilder(12288);
        html.Append("<nav class=\"toolbar no-print\"><a href=\"/admin/institutions/").Append(E(U(institution.Code))).Append("?to=").Append(Date(s.Day)).Append("\">◀ 返回机构页 Back</a>")
            .Append("<form method=\"get\" class=\"inline\"><label>日期 Date <input type=\"date\" name=\"date\" value=\"").Append(Date(s.Day)).Append("\"></label> <button type=\"submit\">切换</button></form>")
            .Append("<span class=\"hint\">打印：按 Ctrl+P（A4 纵向）· Print with Ctrl+P</span></nav>\n");

        html.Append("<article class=\"notice\" id=\"notice\">\n<header class=\"notice-head\"><div class=\"notice-org\">医疗保障信息平台 · 实时结算校验</div>")
            .Append("<h1 id=\"notice-title\">医保编码贯标问题点对点通报</h1>")
            .Append("<div class=\"notice-no\">编号：<span id=\"notice-number\">").Append(E(number)).Append("</span></div></header>\n");

        html.Append("<p class=\"salutation\"><b id=\"notice-institution\">").Append(E(institution.Name)).Append("</b>（机构编码 ").Append(E(institution.Code)).Append('，')
            .Append(E(LevelName(institution))).Append("，区划 ").Append(E(institution.AdminDivision)).Append("）：</p>\n");

        if (s.Lines == 0)
        {
            html.Append("<p id=\"notice-summary\">经医保实时校验网关核查，贵单位于 <b>").Append(ChineseDate(s.Day))
                .Append("</b> 未上传费用明细，本日无需整改事项。如当日有医保结算业务，请核查 HIS 接口上传情况。</p>\n");
        }
        else
        {
            var rejectShare = DailyReportTable.RejectShare(s);
            html.Append("<p id=\"notice-summary\">经医保实时校验网关核查，贵单位于 <b>").Append(ChineseDate(s.Day)).Append("</b> 共上传结算批次 <b>").Append(Number(s.Batches))
                .Append("</b> 个、费用明细 <b>").Append(Number(s.Lines)).Append("</b> 条，其中国家医保编码有效 ").Append(Number(s.LinesWithValidNationalCode))
                .Append(" 条（<b>").Append(Percent(s.ValidCodeShare)).Append("</b>）；校验通过 ").Append(Number(s.LinesPass)).Append(" 条，提醒 ").Append(Number(s.LinesWarn))
                .Append(" 条，<b class=\"neg\">拒付 ").Append(Number(s.LinesReject)).Append(" 条（拒付率 <span id=\"notice-reject-share\">").Append(Percent(rejectShare)).Append("</span>）</b>，")
                .Append("涉及拒付金额 <b>").Append(Yuan(s.AmountRejected)).Append("</b> 元，超限价金额 <b>").Append(Yuan(s.AmountOverCap)).Append("</b> 元。")
                .Append("当日上传院内编码的目录对照率为 ").Append(Percent(report.MappingRate)).Append("，政策标记率为 ").Append(Percent(report.FlagRate)).Append("。</p>\n");
        }

        html.Append("<h2>一、存在的问题</h2>\n");
        InstitutionPage.FindingsTable(html, byRule, "notice-findings", card: false);
        html.Append("<h2>二、需整改的编码</h2>\n");
        InstitutionPage.CodesTable(html, codes, withAction: true);
        html.Append("<h2>三、整改要求</h2>\n<ol class=\"requirements\">")
            .Append("<li>请对照上表逐项核查 HIS 收费项目字典与医保目录对照关系，于收到本通报之日起 <b>5 个工作日</b>内完成整改。</li>")
            .Append("<li>未备案对照、对照不一致的院内编码，请通过医保信息平台完成目录对照备案（3301）后再上传；严禁串换项目、超标准收费。</li>")
            .Append("<li>整改完成后，请将整改情况书面报送医保经办机构；逾期未整改的，将按医保协议管理有关规定处理。</li></ol>\n");
        html.Append("<footer class=\"notice-foot\"><div>医疗保障信息平台 实时结算校验网关</div><div>").Append(ChineseDate(issued)).Append("</div></footer>\n</article>\n");
        return Page("点对点通报 " + institution.Name + " " + Date(s.Day), html.ToString(), navigation: false, bodyClass: "print-page");
    }
}
