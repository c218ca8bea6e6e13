using System.Globalization;
using System.Net;
using System.Text;
using ValidationGateway.Core.Institutions;

namespace ValidationGateway.Server.Admin;

/// <summary>The pages' common frame and the formatting every page shares (invariant culture, Chinese labels).</summary>
internal static class AdminHtml
{
    /// <summary>HTML-encodes text for element content and quoted attributes.</summary>
    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>URL-encodes a query value.</summary>
    public static string U(string? text) => Uri.EscapeDataString(text ?? "");

    public static string Number(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    public static string Percent(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    public static string Yuan(decimal amount) => amount.ToString("#,0.00", CultureInfo.InvariantCulture);

    public static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string ChineseDate(DateOnly day) => day.ToString("yyyy年M月d日", CultureInfo.InvariantCulture);

    /// <summary>三级医院, 二级医院, 一级医院 or 药店.</summary>
    public static string LevelName(InstitutionRecord institution) => institution.Type == InstitutionType.Pharmacy
        ? "药店"
        : (institution.Level switch { 3 => "三级", 2 => "二级", 1 => "一级", _ => institution.Level.ToString(CultureInfo.InvariantCulture) + "级" }) + "医院";

    /// <summary>A whole page: the frame, the navigation (unless <paramref name="navigation"/> is false) and <paramref name="body"/>.</summary>
    public static string Page(string title, string body, bool navigation = true, string bodyClass = "")
    {
        var html = new StringBuilder(body.Length + 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(E(title)).Append(" · 医保实时校验网关</title>\n")
            .Append("<link rel=\"stylesheet\" href=\"").Append(AdminAssets.StylesheetPath).Append("\">\n")
            .Append("</head>\n<body");
        if (bodyClass.Length > 0)
        {
            html.Append(" class=\"").Append(E(bodyClass)).Append('"');
        }

        html.Append(">\n");
        if (navigation)
        {
            html.Append("<header class=\"topbar no-print\"><a class=\"brand\" href=\"/admin\">医保实时校验网关 <span class=\"en\">ValidationGateway</span></a>")
                .Append("<nav><a href=\"/admin\">每日概览 <span class=\"en\">Overview</span></a>")
                .Append("<form method=\"post\" action=\"/admin/logout\" class=\"inline\"><button type=\"submit\" class=\"link\">退出 <span class=\"en\">Log out</span></button></form></nav></header>\n");
        }

        html.Append("<main>\n").Append(body).Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>A page that only says what went wrong (403, 404, 400).</summary>
    public static string Message(string title, string message, string? linkHref = "/admin", string linkText = "返回概览 Back to overview") =>
        Page(title, "<section class=\"card message\"><h1>" + E(title) + "</h1><p>" + E(message) + "</p>"
            + (linkHref is null ? "" : "<p><a href=\"" + E(linkHref) + "\">" + E(linkText) + "</a></p>") + "</section>\n", navigation: false);
}
