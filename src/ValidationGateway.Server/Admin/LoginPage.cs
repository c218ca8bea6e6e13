using System.Text;
using static ValidationGateway.Server.Admin.AdminHtml;

namespace ValidationGateway.Server.Admin;

/// <summary>/admin/login: the administrator pastes an admin API key (from <c>vgw key issue --admin</c>).</summary>
internal static class LoginPage
{
    public static string Render(string returnUrl, string? error)
    {
        var html = new StringBuilder(2048);
        html.Append("<section class=\"card login\"><h1>管理员登录 <span class=\"en\">Administrator login</span></h1>")
            .Append("<p>请粘贴管理员访问密钥（由 <code>vgw key issue --admin</code> 签发）。密钥仅用于本次验证，不会保存在浏览器中。</p>");
        if (error is not null)
        {
            html.Append("<p class=\"error\" id=\"login-error\" role=\"alert\">").Append(E(error)).Append("</p>");
        }

        html.Append("<form method=\"post\" action=\"/admin/login\">")
            .Append("<input type=\"hidden\" name=\"returnUrl\" value=\"").Append(E(returnUrl)).Append("\">")
            .Append("<label for=\"key\">管理员密钥 <span class=\"en\">Admin key</span></label>")
            .Append("<input type=\"password\" id=\"key\" name=\"key\" autocomplete=\"off\" required autofocus spellcheck=\"false\">")
            .Append("<button type=\"submit\" id=\"login-submit\">登录 Log in</button></form></section>\n");
        return Page("登录", html.ToString(), navigation: false);
    }
}
