using System.Net;
using Microsoft.Data.Sqlite;
using ValidationGateway.Server.Admin;
using ValidationGateway.Server.Demo;
using Xunit.Abstractions;

namespace ValidationGateway.Server.Tests.Admin;

/// <summary>
/// Administrator sessions on two gateway nodes sharing one store, as behind the load balancer's round robin for pages
/// (deploy/haproxy/haproxy.cfg, backend vgw_pages): a login on one node is a login on every node, a logout on one
/// node ends it on every node, and a session outlives a restart of its node.
/// </summary>
public sealed class AdminSessionsAcrossNodesTests(AdminPostgresFixture postgres, ITestOutputHelper output) : IClassFixture<AdminPostgresFixture>, IAsyncLifetime
{
    private const string Overview = "/admin?date=2026-11-22";
    private readonly List<SharedStoreNodes> _clusters = [];
    private readonly List<string> _directories = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var cluster in _clusters)
        {
            await cluster.DisposeAsync();
            Assert.Empty(cluster.Logs.Errors());
        }

        SqliteConnection.ClearAllPools();
        foreach (var directory in _directories)
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task LoginOnNodeA_OpensNodeBPages_AndLogoutOnB_EndsItOnA(string store)
    {
        var cluster = await ClusterAsync(store);
        var (a, b) = (await cluster.StartNodeAsync(), await cluster.StartNodeAsync());
        using var onA = new AdminHttp(a.HttpAddress);
        using var onB = new AdminHttp(b.HttpAddress, onA.Cookies);
        await AssertSentToLoginAsync(onB.GetAsync(Overview));

        // Through node A's login form.
        using (var login = await onA.LoginAsync(cluster.AdminKey, Overview))
        {
            Assert.Equal(HttpStatusCode.SeeOther, login.StatusCode);
            Assert.Equal(Overview, login.Headers.Location!.OriginalString);
        }

        var token = onA.Cookies.GetCookies(new Uri(a.HttpAddress, "/admin"))[AdminSessions.CookieName]!.Value;

        // The same cookie jar opens node B's pages, and B's login page sends it on.
        Assert.Contains("id=\"overview\"", await onB.GetPageAsync(Overview), StringComparison.Ordinal);
        Assert.Contains("id=\"trend-chart\"", await onB.GetPageAsync("/admin/institutions/" + DemoDataSet.Hospital1), StringComparison.Ordinal);
        using (var loginPage = await onB.GetAsync("/admin/login"))
        {
            Assert.Equal(HttpStatusCode.SeeOther, loginPage.StatusCode);
            Assert.Equal("/admin", loginPage.Headers.Location!.OriginalString);
        }

        Assert.Equal(HttpStatusCode.OK, (await GetWithTokenAsync(a, token)).StatusCode);

        // Logout on node B; node A then sends even a browser that kept the old cookie to the login.
        using (var logout = await onB.Client.PostAsync(new Uri("/admin/logout", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.SeeOther, logout.StatusCode);
            Assert.Equal("/admin/login", logout.Headers.Location!.OriginalString);
        }

        await AssertSentToLoginAsync(GetWithTokenAsync(a, token));
        await AssertSentToLoginAsync(GetWithTokenAsync(b, token));
        await AssertSentToLoginAsync(onA.GetAsync(Overview));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Session_NodeRestarted_StillOpensPages(string store)
    {
        var cluster = await ClusterAsync(store);
        var node = await cluster.StartNodeAsync();
        using var http = new AdminHttp(node.HttpAddress);
        await http.LoginAsAdminAsync(cluster.AdminKey);
        var token = http.Cookies.GetCookies(new Uri(node.HttpAddress, "/admin"))[AdminSessions.CookieName]!.Value;

        await cluster.StopNodeAsync(node);
        var restarted = await cluster.StartNodeAsync();

        using var response = await GetWithTokenAsync(restarted, token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("id=\"overview\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Browser_LoginOnNodeA_OpensNodeB_AndLogoutOnB_EndsItOnA()
    {
        var cluster = await ClusterAsync("postgres");
        var (a, b) = (await cluster.StartNodeAsync(), await cluster.StartNodeAsync());

        var result = await BrowserScript.RunAsync(output, "admin-two-nodes.mjs",
            "--a", a.HttpAddress.ToString(), "--b", b.HttpAddress.ToString(), "--key", cluster.AdminKey, "--date", "2026-11-22");

        string Seen(string name) => result.GetProperty(name).GetString()!;
        Assert.Equal("/admin/login", Seen("bBeforeLogin"));
        Assert.Equal("/admin/login", Seen("aLoginPage"));
        Assert.Equal("/admin", result.GetProperty("aAfterLogin").GetProperty("path").GetString());
        Assert.Equal(1, result.GetProperty("aAfterLogin").GetProperty("overview").GetInt32());
        var cookie = Assert.Single(result.GetProperty("cookies").EnumerateArray());
        Assert.True(cookie.GetProperty("httpOnly").GetBoolean());
        Assert.Equal("Strict", cookie.GetProperty("sameSite").GetString());
        Assert.Equal("/admin", cookie.GetProperty("path").GetString());

        // Node B, never logged in to, shows the overview; its login page sends the browser on.
        Assert.Equal("/admin", result.GetProperty("bOverview").GetProperty("path").GetString());
        Assert.Equal(1, result.GetProperty("bOverview").GetProperty("overview").GetInt32());
        Assert.Equal("/admin", Seen("bLoginWhileLoggedIn"));

        // Logout on B: A asks for the login, even with the old cookie put back.
        Assert.Equal("/admin/login", Seen("bAfterLogout"));
        Assert.Empty(result.GetProperty("cookiesAfterLogout").EnumerateArray());
        Assert.Equal("/admin/login", Seen("aAfterLogoutOnB"));
        Assert.Equal(1, result.GetProperty("oldCookieRestored").GetInt32());
        Assert.Equal("/admin/login", Seen("aWithOldCookie"));
        Assert.Empty(result.GetProperty("externalRequests").EnumerateArray());
        Assert.Empty(result.GetProperty("consoleErrors").EnumerateArray());
    }

    private async Task<SharedStoreNodes> ClusterAsync(string store)
    {
        string location;
        if (store == "postgres")
        {
            location = await postgres.CreateDatabaseAsync();
        }
        else
        {
            var directory = Directory.CreateTempSubdirectory("vgw-admin-nodes-").FullName;
            _directories.Add(directory);
            location = Path.Combine(directory, "vgw.db");
        }

        var cluster = await SharedStoreNodes.CreateAsync(location);
        _clusters.Add(cluster);
        return cluster;
    }

    /// <summary>GET the overview from <paramref name="node"/> with exactly this session cookie, as a browser that kept it would.</summary>
    private static Task<HttpResponseMessage> GetWithTokenAsync(Hosting.GatewayHost node, string token) =>
        AdminHttp.GetWithSessionTokenAsync(node.HttpAddress, Overview, token);

    private static async Task AssertSentToLoginAsync(Task<HttpResponseMessage> request)
    {
        using var response = await request;
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.StartsWith("/admin/login?returnUrl=", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }
}
