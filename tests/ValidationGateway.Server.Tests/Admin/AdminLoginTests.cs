using System.Net;
using Microsoft.Data.Sqlite;
using ValidationGateway.Server.Admin;
using ValidationGateway.Server.Demo;
using ValidationGateway.Server.Tests.Support;
using ValidationGateway.Storage.Sqlite;

namespace ValidationGateway.Server.Tests.Admin;

/// <summary>Admin access over plain HTTP/1.1: login with an admin key, session cookie, 403 for other keys, logout.</summary>
public sealed class AdminLoginTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>, IDisposable
{
    private readonly AdminHttp _http = new(gateway.Host.HttpAddress);

    public void Dispose()
    {
        _http.Dispose();
        Assert.Empty(gateway.Logs.Errors());
    }

    [Theory]
    [InlineData("/admin?date=2026-11-22", "/admin/login?returnUrl=%2Fadmin%3Fdate%3D2026-11-22")]
    [InlineData("/admin/export?date=2026-11-22&format=csv", "/admin/login?returnUrl=%2Fadmin%2Fexport%3Fdate%3D2026-11-22%26format%3Dcsv")]
    [InlineData("/admin/institutions/H21010200123", "/admin/login?returnUrl=%2Fadmin%2Finstitutions%2FH21010200123")]
    [InlineData("/admin/institutions/H21010200123/notice", "/admin/login?returnUrl=%2Fadmin%2Finstitutions%2FH21010200123%2Fnotice")]
    public async Task Page_NoSession_RedirectsToLogin(string page, string location)
    {
        using var response = await _http.GetAsync(page);
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal(location, response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task LoginPage_Get_IsAFormThatLoadsNothingFromElsewhere()
    {
        using var response = await _http.GetAsync("/admin/login");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<form method=\"post\" action=\"/admin/login\">", html, StringComparison.Ordinal);
        Assert.Contains("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);

        using var css = await _http.GetAsync(AdminAssets.StylesheetPath);
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css", css.Content.Headers.ContentType!.MediaType);
        Assert.DoesNotContain("url(", await css.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_AdminKey_SetsHttpOnlyStrictSessionCookieAndOpensTheOverview()
    {
        using var login = await _http.LoginAsync(gateway.AdminKey, "/admin?date=2026-11-22");
        Assert.Equal(HttpStatusCode.SeeOther, login.StatusCode);
        Assert.Equal("/admin?date=2026-11-22", login.Headers.Location!.OriginalString);
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith(AdminSessions.CookieName + "=", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/admin", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(gateway.AdminKey, cookie, StringComparison.Ordinal);

        var html = await _http.GetPageAsync("/admin?date=2026-11-22");
        Assert.Contains("id=\"overview\"", html, StringComparison.Ordinal);
        foreach (var institution in DemoDataSet.Institutions)
        {
            Assert.Contains("data-code=\"" + institution.Code + "\"", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Login_InstitutionKey_Is403AndNoSession()
    {
        var key = await gateway.IssueKeyAsync(DemoDataSet.Hospital2);
        using var login = await _http.LoginAsync(key);
        Assert.Equal(HttpStatusCode.Forbidden, login.StatusCode);
        Assert.Contains("不是管理员密钥", await login.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(login.Headers.Contains("Set-Cookie"));

        using var overview = await _http.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.SeeOther, overview.StatusCode);
    }

    [Theory]
    [InlineData("not-a-key")]
    [InlineData("vgw_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Login_UnknownOrMalformedKey_Is401WithTheFormAgain(string key)
    {
        using var login = await _http.LoginAsync(key);
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
        var html = await login.Content.ReadAsStringAsync();
        Assert.Contains("id=\"login-error\"", html, StringComparison.Ordinal);
        Assert.Contains("action=\"/admin/login\"", html, StringComparison.Ordinal);
        Assert.False(login.Headers.Contains("Set-Cookie"));
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/admin")]
    [InlineData("/admin//evil.example")]
    public async Task Login_ReturnUrlOutsideAdmin_GoesToTheOverviewInstead(string returnUrl)
    {
        using var login = await _http.LoginAsync(gateway.AdminKey, returnUrl);
        Assert.Equal(HttpStatusCode.SeeOther, login.StatusCode);
        Assert.Equal("/admin", login.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Login_FormPostedFromAnotherOrigin_Is403()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/login")
        {
            Content = new FormUrlEncodedContent([new("key", gateway.AdminKey)]),
        };
        request.Headers.Add("Origin", "http://evil.example");
        using var response = await _http.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Logout_EndsTheSession()
    {
        await _http.LoginAsAdminAsync(gateway.AdminKey);
        var cookie = _http.Cookies.GetCookies(new Uri(gateway.Host.HttpAddress, "/admin"))[AdminSessions.CookieName]!.Value;
        using (var logout = await _http.Client.PostAsync(new Uri("/admin/logout", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.SeeOther, logout.StatusCode);
            Assert.Equal("/admin/login", logout.Headers.Location!.OriginalString);
        }

        // Even a browser that kept the old cookie is sent back to the login.
        using var response = await AdminHttp.GetWithSessionTokenAsync(gateway.Host.HttpAddress, "/admin", cookie);
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
    }

    [Theory]
    [InlineData("/admin?date=22.11.2026", HttpStatusCode.BadRequest)]
    [InlineData("/admin/institutions/H21010200123?from=2026-11-30&to=2026-11-01", HttpStatusCode.BadRequest)]
    [InlineData("/admin/institutions/H21010200123?from=2024-01-01&to=2026-11-01", HttpStatusCode.BadRequest)]
    [InlineData("/admin/export?date=2026-11-22&format=pdf", HttpStatusCode.BadRequest)]
    [InlineData("/admin/institutions/H99999900000", HttpStatusCode.NotFound)]
    [InlineData("/admin/institutions/H99999900000/notice?date=2026-11-22", HttpStatusCode.NotFound)]
    public async Task Page_BadParameters_AnswerWithAStatusPage(string page, HttpStatusCode status)
    {
        await _http.LoginAsAdminAsync(gateway.AdminKey);
        using var response = await _http.GetAsync(page);
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Pages_LoggedIn_InstitutionAndNoticeRender()
    {
        await _http.LoginAsAdminAsync(gateway.AdminKey);
        var institution = await _http.GetPageAsync("/admin/institutions/" + DemoDataSet.Hospital1 + "?from=2026-11-01&to=2026-11-22");
        Assert.Contains("<svg id=\"trend-chart\"", institution, StringComparison.Ordinal);
        Assert.Contains("data-days=\"22\"", institution, StringComparison.Ordinal);
        var notice = await _http.GetPageAsync("/admin/institutions/" + DemoDataSet.Hospital1 + "/notice?date=2026-11-22");
        Assert.Contains("点对点通报", notice, StringComparison.Ordinal);
        Assert.Contains("@page", await _http.Client.GetStringAsync(new Uri(AdminAssets.StylesheetPath, UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_StoresOnlyTheHashOfTheCookieToken()
    {
        await _http.LoginAsAdminAsync(gateway.AdminKey);
        var token = _http.Cookies.GetCookies(new Uri(gateway.Host.HttpAddress, "/admin"))[AdminSessions.CookieName]!.Value;

        Assert.Equal(32, Convert.FromBase64String(token.Replace('-', '+').Replace('_', '/') + "=").Length);
        var stored = await gateway.Host.Store.GetAdminSessionAsync(AdminSessions.HashToken(token), CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal(stored.CreatedAt + AdminSessions.Lifetime, stored.ExpiresAt);
        Assert.Null(await gateway.Host.Store.GetAdminSessionAsync(token, CancellationToken.None));
        using var connection = new SqliteConnection($"Data Source={gateway.StorePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT token_hash, key_id, created_at, expires_at FROM admin_sessions";
        var values = new List<string>();
        using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                values.AddRange(Enumerable.Range(0, reader.FieldCount).Select(reader.GetString));
            }
        }

        Assert.Contains(AdminSessions.HashToken(token), values);
        Assert.DoesNotContain(values, v => v.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Page_KeyRevokedAfterLogin_RedirectsToLogin()
    {
        var key = await gateway.IssueKeyAsync(null);
        await _http.LoginAsAdminAsync(key);
        Assert.Contains("id=\"overview\"", await _http.GetPageAsync("/admin?date=2026-11-22"), StringComparison.Ordinal);

        // Revoked by another process (the CLI): the next page already refuses the session, whatever the key cache holds.
        Assert.True(ValidationGateway.Core.Security.ApiKeys.TryParse(key, out var keyId, out _));
        Assert.True(await gateway.Host.Store.RevokeApiKeyAsync(keyId, CancellationToken.None));

        using var response = await _http.GetAsync("/admin?date=2026-11-22");
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.StartsWith("/admin/login", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("forged")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    public async Task Page_ForgedCookie_RedirectsToLogin(string token)
    {
        using var response = await AdminHttp.GetWithSessionTokenAsync(gateway.Host.HttpAddress, "/admin", token);
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
    }

    [Fact]
    public async Task Sessions_AfterTheLifetime_AreGone()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 22, 1, 0, 0, TimeSpan.Zero));
        var directory = Directory.CreateTempSubdirectory("vgw-sessions-");
        try
        {
            await using (var store = await SqliteGatewayStore.OpenAsync(Path.Combine(directory.FullName, "vgw.db"), clock, CancellationToken.None))
            {
                var sessions = new AdminSessions(store, clock);
                var session = await sessions.CreateAsync("k1", CancellationToken.None);
                Assert.Equal("k1", (await sessions.GetAsync(session.Token, CancellationToken.None))?.KeyId);
                clock.Advance(AdminSessions.Lifetime - TimeSpan.FromSeconds(1));
                Assert.NotNull(await sessions.GetAsync(session.Token, CancellationToken.None));
                clock.Advance(TimeSpan.FromSeconds(1));
                Assert.Null(await sessions.GetAsync(session.Token, CancellationToken.None));
                Assert.Null(await sessions.GetAsync("forged", CancellationToken.None));
                Assert.Null(await sessions.GetAsync(null, CancellationToken.None));
                Assert.NotEqual(session.Token, (await sessions.CreateAsync("k1", CancellationToken.None)).Token);
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }
}
