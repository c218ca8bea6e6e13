using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using ValidationGateway.Core.Security;
using ValidationGateway.Server.Demo;
using ValidationGateway.Server.Hosting;
using ValidationGateway.Server.Tests.Support;

namespace ValidationGateway.Server.Tests.Admin;

/// <summary>
/// Gateway nodes in this process sharing one store (a SQLite file or a PostgreSQL database), each with its own store
/// instance and its own ports, as the nodes of a cluster behind a load balancer; the store is seeded with the demo data
/// set and an administrator key. Dispose stops every node still running.
/// </summary>
internal sealed class SharedStoreNodes : IAsyncDisposable
{
    private readonly string _store;
    private readonly string _auditHashKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly List<GatewayHost> _running = [];

    private SharedStoreNodes(string store, string adminKey)
    {
        _store = store;
        AdminKey = adminKey;
    }

    /// <summary>Warnings and errors of every node.</summary>
    public CapturingLoggerProvider Logs { get; } = new();

    /// <summary>An administrator key in the shared store.</summary>
    public string AdminKey { get; }

    /// <summary>Seeds <paramref name="store"/> (SQLite path or PostgreSQL connection string) and issues an administrator key; starts no node.</summary>
    public static async Task<SharedStoreNodes> CreateAsync(string store)
    {
        await using var seeding = await GatewayStoreFactory.OpenAsync(store, TimeProvider.System, CancellationToken.None);
        await DemoSeeder.SeedAsync(seeding, CancellationToken.None);
        var (key, record) = ApiKeys.Create(null, isAdmin: true, DateTimeOffset.UtcNow);
        await seeding.AddApiKeyAsync(record, CancellationToken.None);
        return new SharedStoreNodes(store, key);
    }

    /// <summary>Starts one more node on the shared store, on loopback ports chosen by the OS.</summary>
    public async Task<GatewayHost> StartNodeAsync()
    {
        var settings = new GatewaySettings { Store = _store, GrpcUrl = "http://127.0.0.1:0", HttpUrl = "http://127.0.0.1:0" };
        settings.Audit.HashKey = _auditHashKey;
        var store = await GatewayStoreFactory.OpenAsync(_store, TimeProvider.System, CancellationToken.None);
        var host = await GatewayHost.StartAsync(settings, store, logging => logging.AddProvider(Logs).SetMinimumLevel(Logs.Minimum), CancellationToken.None);
        _running.Add(host);
        return host;
    }

    /// <summary>Stops a node (drains it and closes its store), as a restart does before the new process starts.</summary>
    public async Task StopNodeAsync(GatewayHost node)
    {
        _running.Remove(node);
        await node.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _running)
        {
            await node.DisposeAsync();
        }

        _running.Clear();
    }
}
