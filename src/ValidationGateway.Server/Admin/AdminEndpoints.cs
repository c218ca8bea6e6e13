using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using ValidationGateway.Core.Compliance;
using ValidationGateway.Grpc;
using ValidationGateway.Server.Reports;
using ValidationGateway.Server.Security;
using ValidationGateway.Storage;

namespace ValidationGateway.Server.Admin;

/// <summary>The administrators' pages under /admin on the HTTP/1.1 endpoint: login, day overview, institution, notice, downloads.</summary>
/// <remarks>
/// Server-rendered HTML with one embedded stylesheet and inline SVG charts: nothing is loaded from another origin, and
/// the content security policy says so. Every page but the login and the stylesheet needs an administrator session;
/// sessions are kept in the store (<see cref="AdminSessions"/>), so any node sharing it can serve any page.
/// </remarks>
internal static class AdminEndpoints
{
    private const string SecurityPolicy = "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>Maps /admin and its pages.</summary>
    public static void MapAdmin(this WebApplication app, IComplianceReports reports, ApiKeyAuthenticator authenticator, IGatewayStore store, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(reports);
        ArgumentNullException.ThrowIfNull(authenticator);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        var sessions = new AdminSessions(store, time);

        app.MapGet(AdminAssets.StylesheetPath, (RequestDelegate)(context =>
        {
            context.Response.ContentType = "text/css; charset=utf-8";
            context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            context.Response.Headers.XContentTypeOptions = "nosniff";
            return context.Response.Body.WriteAsync(AdminAssets.Stylesheet, context.RequestAborted).AsTask();
        }));

        app.MapGet("/admin/login", (RequestDelegate)(async context =>
        {
            if (await sessions.GetAsync(context.Request.Cookies[AdminSessions.CookieName], context.RequestAborted).ConfigureAwait(false) is not null)
            {
                await Redirect(context, SafeReturnUrl(context.Request.Query["returnUrl"])).ConfigureAwait(false);
                return;
            }

            await HtmlAsync(context, LoginPage.Render(SafeReturnUrl(context.Request.Query["returnUrl"]), null)).ConfigureAwait(false);
        }));

        app.MapPost("/admin/login", (RequestDelegate)(async context =>
        {
            if (!SameOrigin(context))
            {
                await HtmlAsync(context, AdminHtml.Message("禁止访问 Forbidden", "跨站提交被拒绝（cross-site form post refused）。", "/admin/login", "返回登录 Back to login"), StatusCodes.Status403Forbidden).ConfigureAwait(false);
                return;
            }

            var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false) : null;
            var key = form?["key"].ToString().Trim() ?? "";
            var returnUrl = SafeReturnUrl(form?["returnUrl"]);
            if (key.Length == 0)
            {
                await HtmlAsync(context, LoginPage.Render(returnUrl, "请输入管理员密钥（enter an admin key）"), StatusCodes.Status400BadRequest).ConfigureAwait(false);
                return;
            }

            CallerIdentity caller;
            try
            {
                caller = await authenticator.AuthenticateAsync("Bearer " + key, context.RequestAborted).ConfigureAwait(false);
            }
            catch (GrpcStatusException ex) when (ex.StatusCode == GrpcStatusCode.Unauthenticated)
            {
                await HtmlAsync(context, LoginPage.Render(returnUrl, ex.Detail), StatusCodes.Status401Unauthorized).ConfigureAwait(false);
                return;
            }

            if (!caller.IsAdmin)
            {
                await HtmlAsync(context, AdminHtml.Message("无权访问 Forbidden",
                    "该密钥属于机构 " + caller.InstitutionCode + "，不是管理员密钥；管理页面需要管理员密钥（vgw key issue --admin）。This key is not an administrator key.",
                    "/admin/login", "换一个密钥 Use another key"), StatusCodes.Status403Forbidden).ConfigureAwait(false);
                return;
            }

            var session = await sessions.CreateAsync(caller.KeyId, context.RequestAborted).ConfigureAwait(false);
            context.Response.Cookies.Append(AdminSessions.CookieName, session.Token, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = context.Request.IsHttps,
                Path = "/admin",
                Expires = session.ExpiresAt,
                IsEssential = true,
            });
            await Redirect(context, returnUrl).ConfigureAwait(false);
        }));

        app.MapPost("/admin/logout", (RequestDelegate)(async context =>
        {
            if (SameOrigin(context))
            {
                await sessions.RemoveAsync(context.Request.Cookies[AdminSessions.CookieName], context.RequestAborted).ConfigureAwait(false);
                context.Response.Cookies.Delete(AdminSessions.CookieName, new CookieOptions { Path = "/admin", HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = context.Request.IsHttps });
            }

            await Redirect(context, "/admin/login").ConfigureAwait(false);
        }));

        app.MapGet("/admin", Guarded(sessions, async context =>
        {
            if (await DayAsync(context, "date", BusinessDay.Today(time)).ConfigureAwait(false) is not { } day)
            {
                return;
            }

            var rows = await reports.GetDailyAsync(day, context.RequestAborted).ConfigureAwait(false);
            await HtmlAsync(context, OverviewPage.Render(day, BusinessDay.Today(time), rows, OverviewQuery.From(context.Request.Query))).ConfigureAwait(false);
        }));

        app.MapGet("/admin/export", Guarded(sessions, async context =>
        {
            if (await DayAsync(context, "date", BusinessDay.Today(time)).ConfigureAwait(false) is not { } day)
            {
                return;
            }

            if (!ReportFormats.TryParse(context.Request.Query["format"].ToString() is { Length: > 0 } f ? f : "csv", out var format))
            {
                await HtmlAsync(context, AdminHtml.Message("格式错误 Bad request", "format 只能是 csv、xlsx 或 json。"), StatusCodes.Status400BadRequest).ConfigureAwait(false);
                return;
            }

            var bytes = await DailyReportExporter.ExportAsync(reports, day, format, context.RequestAborted).ConfigureAwait(false);
            context.Response.ContentType = ReportFormats.ContentType(format);
            context.Response.Headers.ContentDisposition = "attachment; filename=\"" + ReportFormats.FileName(day, format) + "\"";
            context.Response.ContentLength = bytes.Length;
            await context.Response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
        }));

        app.MapGet("/admin/institutions/{code}", Guarded(sessions, async context =>
        {
            var code = (string)context.Request.RouteValues["code"]!;
            var today = BusinessDay.Today(time);
            if (await DayAsync(context, "to", today).ConfigureAwait(false) is not { } to
                || await DayAsync(context, "from", to.AddDays(1 - InstitutionPage.DefaultDays)).ConfigureAwait(false) is not { } from)
            {
                return;
            }

            if (from > to || to.DayNumber - from.DayNumber >= InstitutionPage.MaxDays)
            {
                await HtmlAsync(context, AdminHtml.Message("日期范围错误 Bad range", $"起始日期须不晚于结束日期，且范围不超过 {InstitutionPage.MaxDays} 天。"), StatusCodes.Status400BadRequest).ConfigureAwait(false);
                return;
            }

            var days = await InstitutionRangeAsync(context, reports, code, from, to).ConfigureAwait(false);
            if (days is not null)
            {
                await HtmlAsync(context, InstitutionPage.Render(days, from, to, today)).ConfigureAwait(false);
            }
        }));

        app.MapGet("/admin/institutions/{code}/notice", Guarded(sessions, async context =>
        {
            var code = (string)context.Request.RouteValues["code"]!;
            if (await DayAsync(context, "date", BusinessDay.Today(time)).ConfigureAwait(false) is not { } day)
            {
                return;
            }

            var days = await InstitutionRangeAsync(context, reports, code, day, day).ConfigureAwait(false);
            if (days is not null)
            {
                await HtmlAsync(context, NoticePage.Render(days[0], BusinessDay.Today(time))).ConfigureAwait(false);
            }
        }));
    }

    private static async Task<IReadOnlyList<InstitutionDayReport>?> InstitutionRangeAsync(HttpContext context, IComplianceReports reports, string code, DateOnly from, DateOnly to)
    {
        try
        {
            var days = await reports.GetInstitutionRangeAsync(code, from, to, context.RequestAborted).ConfigureAwait(false);
            if (days.Count > 0)
            {
                return days;
            }
        }
        catch (StoreNotFoundException)
        {
        }

        await HtmlAsync(context, AdminHtml.Message("机构不存在 Not found", "机构编码 " + code + " 未注册（institution not registered）。"), StatusCodes.Status404NotFound).ConfigureAwait(false);
        return null;
    }

    /// <summary>Runs <paramref name="page"/> for a logged-in administrator; anyone else goes to the login page and comes back after.</summary>
    /// <remarks>One store query per page: the session is looked up by its token's hash, on whichever node the page reached.</remarks>
    private static RequestDelegate Guarded(AdminSessions sessions, Func<HttpContext, Task> page) => async context =>
    {
        if (await sessions.GetAsync(context.Request.Cookies[AdminSessions.CookieName], context.RequestAborted).ConfigureAwait(false) is not null)
        {
            await page(context).ConfigureAwait(false);
            return;
        }

        var back = context.Request.Path + context.Request.QueryString;
        await Redirect(context, "/admin/login?returnUrl=" + Uri.EscapeDataString(back)).ConfigureAwait(false);
    };

    /// <summary>The day in query parameter <paramref name="name"/>, or <paramref name="fallback"/> when absent; null after answering 400 when malformed.</summary>
    private static async Task<DateOnly?> DayAsync(HttpContext context, string name, DateOnly fallback)
    {
        var text = context.Request.Query[name].ToString();
        if (text.Length == 0)
        {
            return fallback;
        }

        if (BusinessDay.TryParse(text, out var day))
        {
            return day;
        }

        await HtmlAsync(context, AdminHtml.Message("日期格式错误 Bad date", $"参数 {name} 应为 yyyy-MM-dd 格式的日期（got '{text}'）。"), StatusCodes.Status400BadRequest).ConfigureAwait(false);
        return null;
    }

    /// <summary>Only local admin paths, so the login cannot be used to send a browser elsewhere.</summary>
    private static string SafeReturnUrl(string? url) =>
        url is { Length: > 0 } && url.StartsWith("/admin", StringComparison.Ordinal) && !url.StartsWith("/admin/login", StringComparison.Ordinal)
            && !url.Contains("//", StringComparison.Ordinal) && !url.Contains('\\', StringComparison.Ordinal)
            ? url
            : "/admin";

    /// <summary>A form post from a page of another origin is refused (SameSite=Strict covers the cookie; this covers the login).</summary>
    private static bool SameOrigin(HttpContext context)
    {
        var origin = context.Request.Headers.Origin.ToString();
        return origin.Length == 0 || string.Equals(origin, context.Request.Scheme + "://" + context.Request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }

    private static Task Redirect(HttpContext context, string location)
    {
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = location;
        context.Response.Headers.CacheControl = "no-store";
        return Task.CompletedTask;
    }

    private static Task HtmlAsync(HttpContext context, string html, int status = StatusCodes.Status200OK)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.ContentSecurityPolicy = SecurityPolicy;
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers.XFrameOptions = "DENY";
        // same-origin, not no-referrer: with no-referrer browsers post forms with "Origin: null", which the origin check refuses.
        context.Response.Headers["Referrer-Policy"] = "same-origin";
        context.Response.Headers.CacheControl = "no-store";
        var bytes = Encoding.UTF8.GetBytes(html);
        context.Response.ContentLength = bytes.Length;
        return context.Response.Body.WriteAsync(bytes, context.RequestAborted).AsTask();
    }
}
