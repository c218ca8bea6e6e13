using System.Net;
using Microsoft.Extensions.Logging;
using ValidationGateway.Core.Catalog;
using ValidationGateway.Server.Hosting;
using ValidationGateway.Server.Tests.Support;
using ValidationGateway.Storage.Sqlite;

namespace ValidationGateway.Server.Tests.Metrics;

/// <summary>/readyz on a gateway that starts before any catalog is published: not ready until the current version's snapshot is built.</summary>
public sealed class ReadinessTests : IAsyncLifetime, IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "vgw-ready-" + Guid.NewGuid().ToString("N"));
    private readonly CapturingLoggerProvider _logs = new();
    private GatewayHost _host = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        var path = Path.Combine(_directory, "vgw.db");
        var store = await SqliteGatewayStore.OpenAsync(path, TimeProvider.System, CancellationToken.None);
        var settings = new GatewaySettings { Store = path, GrpcUrl = "http://127.0.0.1:0", HttpUrl = "http://127.0.0.1:0" };
        _host = await GatewayHost.StartAsync(settings, store, logging => logging.AddProvider(_logs), CancellationToken.None);
        _http = new HttpClient { BaseAddress = _host.HttpAddress };
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        Assert.Empty(_logs.Errors());
    }

    public void Dispose()
    {
        _http?.Dispose();
        _logs.Dispose();
    }

    private async Task<(HttpStatusCode Status, string Body)> ProbeAsync(string path)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Readyz_NoCatalogThenPublishedThenBuilt_NotReadyUntilTheSnapshotIsBuiltAndSwitchedTo()
    {
        Assert.Equal((HttpStatusCode.OK, "ok"), await ProbeAsync("/healthz"));
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "not ready: no catalog version is published"), await ProbeAsync("/readyz"));
        var scrape = PrometheusScrape.Parse((await ProbeAsync("/metrics")).Body);
        Assert.DoesNotContain(scrape.Samples, s => s.Name == "vgw_catalog_info");

        await _host.Store.ReplaceCatalogRowsAsync("2027.01", CatalogItemKind.Drug, [new CatalogRow { Kind = CatalogItemKind.Drug, Code = Batches.ValidDrug, Name = "药品" }], CancellationToken.None);
        await _host.Store.PublishCatalogVersionAsync("2027.01", CancellationToken.None);
        // The refresh builds the snapshot before it switches (hot swap), so once the version is current it is ready.
        Assert.Equal("2027.01", await _host.Engine.RefreshCurrentVersionAsync(CancellationToken.None));
        Assert.Equal(1, _host.Engine.Catalogs.ActivationCount);

        Assert.Equal((HttpStatusCode.OK, "ready: catalog 2027.01"), await ProbeAsync("/readyz"));
        scrape = PrometheusScrape.Parse((await ProbeAsync("/metrics")).Body);
        Assert.Equal(1, scrape.Value("vgw_catalog_info", ("version", "2027.01")));
        Assert.Equal(1, scrape.Value("vgw_actor_activations_total", ("kind", "catalog")));
        Assert.Equal(0, scrape.Value("vgw_actor_activations_total", ("kind", "institution")));
    }
}
