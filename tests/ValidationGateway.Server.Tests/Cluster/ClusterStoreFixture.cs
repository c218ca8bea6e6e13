using System.Security.Cryptography;
using ValidationGateway.Core.Institutions;
using ValidationGateway.Core.Security;
using ValidationGateway.Server.Demo;
using ValidationGateway.Server.Hosting;
using ValidationGateway.Storage.Tests.TestSupport;

namespace ValidationGateway.Server.Tests.Cluster;

/// <summary>
/// One throwaway PostgreSQL server for the cluster tests, seeded like an operator would (the demo data set, more
/// hospitals so the institutions spread over every node, an administrator key), and the audit hash key all nodes share.
/// </summary>
/// <remarks>Never skips: without PostgreSQL or HAProxy installed, InitializeAsync throws a message saying to run ./test.sh.</remarks>
public sealed class ClusterStoreFixture : IAsyncLifetime
{
    private PostgresServer? _postgres;

    /// <summary>The demo institutions plus eight hospitals without mappings (their lines get findings, never errors).</summary>
    public IReadOnlyList<string> Institutions { get; } =
        [.. DemoDataSet.Institutions.Select(i => i.Code), .. Enumerable.Range(1, 8).Select(i => $"H2101029900{i}")];

    public string Store { get; private set; } = "";

    public string AdminKey { get; private set; } = "";

    public string AuditHashKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public async Task InitializeAsync()
    {
        ClusterPrograms.Haproxy();
        _postgres = await PostgresServer.StartAsync();
        await _postgres.CreateDatabaseAsync("vgw");
        Store = _postgres.ConnectionString("vgw");
        await using var store = await GatewayStoreFactory.OpenAsync(Store, TimeProvider.System, CancellationToken.None);
        await DemoSeeder.SeedAsync(store, CancellationToken.None);
        foreach (var code in Institutions.Where(c => DemoDataSet.Institutions.All(i => i.Code != c)))
        {
            await store.UpsertInstitutionAsync(new InstitutionRecord(code, "集群测试医院" + code[^2..], 2, InstitutionType.Hospital), CancellationToken.None);
        }

        var (key, record) = ApiKeys.Create(null, isAdmin: true, DateTimeOffset.UtcNow);
        await store.AddApiKeyAsync(record, CancellationToken.None);
        AdminKey = key;
    }

    public async Task DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}
