using Microsoft.Extensions.Logging;
using ValidationGateway.Core.Catalog;
using ValidationGateway.Core.Institutions;
using ValidationGateway.Grpc;
using ValidationGateway.Server.Demo;
using ValidationGateway.Server.Hosting;
using ValidationGateway.Storage.Sqlite;

namespace ValidationGateway.Server.Tests.Support;

/// <summary>A real gateway on loopback ports chosen by the OS, over a fresh SQLite store with the demo data set.</summary>
public class GatewayFixture : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "vgw-test-" + Guid.NewGuid().ToString("N"));

    public CapturingLoggerProvider Logs { get; }

    public GatewayFixture() => Logs = new CapturingLoggerProvider(MinimumLogLevel);

    /// <summary>Lowest log level the fixture captures (and lets the host emit).</summary>
    protected virtual LogLevel MinimumLogLevel => LogLevel.Warning;

    public GatewayHost Host { get; private set; } = null!;

    /// <summary>A client holding <see cref="AdminKey"/>: allowed to act for every institution.</summary>
    public GrpcClient Client { get; private set; } = null!;

    /// <summary>An administrator key issued for the tests.</summary>
    public string AdminKey { get; private set; } = null!;

    public string StorePath => Path.Combine(_directory, "vgw.db");

    /// <summary>The fixture's own folder (it holds the store), deleted with the fixture; exists once the fixture is initialised.</summary>
    protected string WorkDirectory => _directory;

    /// <summary>Transport limit used by the tests (small so oversized messages are cheap to make).</summary>
    public const int MaxMessageSize = 1024 * 1024;

    public async Task InitializeAsync()
    {
        var store = await SqliteGatewayStore.OpenAsync(StorePath, TimeProvider.System, CancellationToken.None);
        await DemoSeeder.SeedAsync(store, CancellationToken.None);
        var settings = new GatewaySettings { Store = StorePath, GrpcUrl = "http://127.0.0.1:0", HttpUrl = "http://127.0.0.1:0", EnableBaselineEndpoint = true };
        settings.Grpc.MaxReceiveMessageSize = MaxMessageSize;
        Configure(settings);
        AdminKey = await IssueKeyAsync(store, null);
        Host = await GatewayHost.StartAsync(settings, store, logging => logging.AddProvider(Logs).SetMinimumLevel(MinimumLogLevel), CancellationToken.None);
        Client = new GrpcClient(Host.GrpcAddress) { BearerToken = AdminKey };
    }

    /// <summary>Lets a derived fixture change settings before the gateway starts.</summary>
    protected virtual void Configure(GatewaySettings settings)
    {
    }

    /// <summary>Issues a key for an institution (or an administrator key for null), as `vgw key issue` does.</summary>
    public Task<string> IssueKeyAsync(string? institution) => IssueKeyAsync(Host.Store, institution);

    /// <summary>A client that calls with <paramref name="key"/> (null: no credentials at all).</summary>
    public GrpcClient ClientWith(string? key) => new(Host.GrpcAddress) { BearerToken = key };

    private static async Task<string> IssueKeyAsync(ValidationGateway.Storage.IGatewayStore store, string? institution)
    {
        var (key, record) = ValidationGateway.Core.Security.ApiKeys.Create(institution, institution is null, DateTimeOffset.UtcNow);
        await store.AddApiKeyAsync(record, CancellationToken.None);
        return key;
    }

    /// <summary>Imports rows into a new version and publishes it, as `vgw catalog import` + `publish` would.</summary>
    public async Task PublishAsync(string version, IReadOnlyList<CatalogRow> rows)
    {
        foreach (var group in rows.GroupBy(r => r.Kind))
        {
            await Host.Store.ReplaceCatalogRowsAsync(version, group.Key, group.ToList(), CancellationToken.None);
        }

        await Host.Store.PublishCatalogVersionAsync(version, CancellationToken.None);
    }

    public Task AddInstitutionAsync(string code, int level = 3) =>
        Host.Store.UpsertInstitutionAsync(new InstitutionRecord(code, "测试机构 " + code, level, code[0] == 'P' ? InstitutionType.Pharmacy : InstitutionType.Hospital), CancellationToken.None);

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
