using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace ValidationGateway.Server.Tests.Cluster;

/// <summary>
/// The cluster tests' throwaway PostgreSQL server, started the way the storage tests' fixture does it: initdb into a
/// temp directory, pg_ctl on a free loopback port with its own socket directory, trust authentication, durability
/// off; as root every server command runs as the <c>postgres</c> OS user. Stopped by pg_ctl (then by its own pid).
/// </summary>
internal sealed class ClusterPostgres : IAsyncDisposable
{
    private const string OsUser = "postgres";

    private readonly string _bin;
    private readonly string _root;
    private readonly bool _asPostgresUser;

    private ClusterPostgres(string bin, string root, int port, int processId, bool asPostgresUser)
    {
        _bin = bin;
        _root = root;
        Port = port;
        ProcessId = processId;
        _asPostgresUser = asPostgresUser;
    }

    public int Port { get; }

    public int ProcessId { get; }

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database }.ConnectionString;

    public static async Task<ClusterPostgres> StartAsync()
    {
        var bin = ClusterPrograms.PostgresBin();
        var asPostgresUser = Environment.IsPrivilegedProcess;
        var root = Directory.CreateTempSubdirectory("vgw-cluster-pg-").FullName;
        var data = Path.Combine(root, "data");
        var sockets = Path.Combine(root, "sock");
        Directory.CreateDirectory(sockets);
        var user = asPostgresUser ? OsUser : null;
        try
        {
            if (asPostgresUser)
            {
                await ClusterPrograms.RunAsync("chown", ["-R", $"{OsUser}:{OsUser}", root], null);
            }

            await ClusterPrograms.RunAsync(Path.Combine(bin, "initdb"), ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"], user);
            for (var attempt = 1; ; attempt++)
            {
                // The free port is released before the server binds it; another process may take it in between.
                var port = ClusterPrograms.FreePort();
                var options = string.Create(CultureInfo.InvariantCulture,
                    $"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off");
                try
                {
                    await ClusterPrograms.RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", data, "-l", Path.Combine(root, "server.log"), "-w", "-t", "60", "-o", options, "start"], user);
                    var pid = int.Parse(File.ReadLines(Path.Combine(data, "postmaster.pid")).First(), CultureInfo.InvariantCulture);
                    return new ClusterPostgres(bin, root, port, pid, asPostgresUser);
                }
                catch (InvalidOperationException) when (attempt < 3)
                {
                }
            }
        }
        catch (Exception e)
        {
            if (File.Exists(Path.Combine(data, "postmaster.pid")))
            {
                await StopAsync(bin, data, user, pid: null);
            }

            TryDelete(root);
            throw new InvalidOperationException($"Could not start a throwaway PostgreSQL server from {bin}: {e.Message}", e);
        }
    }

    public async Task CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await StopAsync(_bin, Path.Combine(_root, "data"), _asPostgresUser ? OsUser : null, ProcessId);
        TryDelete(_root);
    }

    private static async Task StopAsync(string bin, string data, string? user, int? pid)
    {
        try
        {
            await ClusterPrograms.RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "-t", "30", "stop"], user);
        }
        catch (InvalidOperationException) when (pid is not null)
        {
            // pg_ctl could not stop it: end our own postmaster by its pid, nothing else.
            try
            {
                using var process = Process.GetProcessById(pid.Value);
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
            catch (ArgumentException)
            {
            }
        }
        catch (InvalidOperationException)
        {
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
