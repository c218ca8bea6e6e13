using System.Net;
using ValidationGateway.Server.Admin;

namespace ValidationGateway.Server.Tests.Admin;

/// <summary>A browser-like HTTP/1.1 client for the admin pages: keeps cookies, does not follow redirects (so tests see them).</summary>
public sealed class AdminHttp : IDisposable
{
    private readonly HttpClientHandler _handler;

    /// <param name="baseAddress">The node to talk to.</param>
    /// <param name="cookies">The cookie jar, when shared with the client of another node (one browser, two nodes); else a new one.</param>
    public AdminHttp(Uri baseAddress, CookieContainer? cookies = null)
    {
        _handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies ?? new CookieContainer(), UseCookies = true };
        Client = new HttpClient(_handler) { BaseAddress = baseAddress };
    }

    public HttpClient Client { get; }

    public CookieContainer Cookies => _handler.CookieContainer;

    /// <summary>Posts the login form as a browser would.</summary>
    public Task<HttpResponseMessage> LoginAsync(string key, string returnUrl = "/admin") =>
        Client.PostAsync(new Uri("/admin/login", UriKind.Relative), new FormUrlEncodedContent([new("key", key), new("returnUrl", returnUrl)]));

    /// <summary>Logs in and fails the test unless the gateway answers with a redirect and a session cookie.</summary>
    public async Task LoginAsAdminAsync(string key)
    {
        using var response = await LoginAsync(key);
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
    }

    public Task<HttpResponseMessage> GetAsync(string pathAndQuery) => Client.GetAsync(new Uri(pathAndQuery, UriKind.Relative));

    public async Task<string> GetPageAsync(string pathAndQuery)
    {
        using var response = await GetAsync(pathAndQuery);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {pathAndQuery}: {(int)response.StatusCode} {body}");
        return body;
    }

    public async Task<byte[]> GetBytesAsync(string pathAndQuery)
    {
        using var response = await GetAsync(pathAndQuery);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {pathAndQuery}: {(int)response.StatusCode}");
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>GET <paramref name="pathAndQuery"/> from <paramref name="baseAddress"/> with exactly this session cookie
    /// and no cookie jar, as a browser that kept (or forged) it would; the response is buffered.</summary>
    public static async Task<HttpResponseMessage> GetWithSessionTokenAsync(Uri baseAddress, string pathAndQuery, string token)
    {
        using var plain = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = baseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        request.Headers.Add("Cookie", AdminSessions.CookieName + "=" + token);
        var response = await plain.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    public void Dispose()
    {
        Client.Dispose();
        _handler.Dispose();
    }
}
