using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace ValidationGateway.Storage.Tests.TestSupport;

/// <summary>
/// A throwaway PostgreSQL server: initdb into a temp directory, pg_ctl start on a free loopback port with its own
/// socket directory, trust authentication; stopped (pg_ctl stop, then its own pid) and deleted on dispose.
/// </summary>
/// <remarks>
/// The server refuses to run as root, and CI runs the tests as root: then every server command runs as the
/// <c>postgres</c> OS user (runuser) and the directory is handed to that user. Durability is off (fsync,
/// synchronous_commit, full_page_writes): the data is thrown away anyway. VGW_PG_DURABLE=1 keeps the server's
/// defaults, for measurements that should pay what a real server pays.
/// </remarks>
internal sealed class PostgresServer : IAsyncDisposable
{
    private const string OsUser = "postgres";
    private const string Superuser = "postgres";

    private readonly string _binDirectory;
    private readonly string _root;
    private readonly string _dataDirectory;
    private readonly bool _asPostgresUser;

    private PostgresServer(string binDirectory, string root, int port, int processId, bool asPostgresUser)
    {
        _binDirectory = binDirectory;
        _root = root;
        _dataDirectory = Path.Combine(root, "data");
        _asPostgresUser = asPostgresUser;
        Port = port;
        ProcessId = processId;
    }

    /// <summary>The loopback TCP port the server listens on.</summary>
    public int Port { get; }

    /// <summary>The postmaster's process id.</summary>
    public int ProcessId { get; }

    /// <summary>A connection string for <paramref name="database"/> as the superuser, over TCP on loopback.</summary>
    public string ConnectionString(string database, bool pooling = true) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = Superuser,
            Database = database,
            Pooling = pooling,
        }.ConnectionString;

    /// <summary>Finds the binaries, creates the cluster and starts it.</summary>
    /// <exception cref="InvalidOperationException">PostgreSQL is not installed, or the server would not start; the message says what to do.</exception>
    public static async Task<PostgresServer> StartAsync()
    {
        var bin = FindBinDirectory();
        var asPostgresUser = Environment.IsPrivilegedProcess;
        var root = Path.Combine(Path.GetTempPath(), "vgw-pg-" + Guid.NewGuid().ToString("N"));
        var data = Path.Combine(root, "data");
        var sockets = Path.Combine(root, "sock");
        Directory.CreateDirectory(sockets);
        try
        {
            if (asPostgresUser)
            {
                await ExternalProgram.RunAsync("chown", ["-R", $"{OsUser}:{OsUser}", root], asUser: null).ConfigureAwait(false);
            }

            var user = asPostgresUser ? OsUser : null;
            await ExternalProgram.RunAsync(Path.Combine(bin, "initdb"), ["-D", data, "-U", Superuser, "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"], user).ConfigureAwait(false);

            // The port comes from the OS and is released before the server binds it: another process may take it
            // in between, so a failed start is retried on a fresh port.
            for (var attempt = 1; ; attempt++)
            {
                var port = FreeLoopbackPort();
                var options = string.Create(CultureInfo.InvariantCulture, $"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c max_connections=200");
                if (Environment.GetEnvironmentVariable("VGW_PG_DURABLE") != "1")
                {
                    options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
                }

                try
                {
                    await ExternalProgram.RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", data, "-l", Path.Combine(root, "server.log"), "-w", "-t", "60", "-o", options, "start"], user).ConfigureAwait(false);
                    var pid = int.Parse(File.ReadLines(Path.Combine(data, "postmaster.pid")).First(), CultureInfo.InvariantCulture);
                    return new PostgresServer(bin, root, port, pid, asPostgresUser);
                }
                catch (InvalidOperationException) when (attempt < 3)
                {
                    // Try another port.
                }
            }
        }
        catch (Exception e)
        {
            var log = Path.Combine(root, "server.log");
            var tail = File.Exists(log) ? string.Join('\n', File.ReadLines(log).TakeLast(20)) : "";
            if (File.Exists(Path.Combine(data, "postmaster.pid")))
            {
                // A start that timed out may have left our server running.
                try
                {
                    await ExternalProgram.RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"], asPostgresUser ? OsUser : null).ConfigureAwait(false);
                }
                catch (InvalidOperationException)
                {
                    // Reported through the outer exception.
                }
            }

            TryDelete(root);
            throw new InvalidOperationException($"Could not start a throwaway PostgreSQL server from {bin}: {e.Message}\n{tail}", e);
        }
    }

    /// <summary>Creates an empty database.</summary>
    public async Task CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres", pooling: false));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Drops a database, closing any connection still open to it.</summary>
    public async Task DropDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres", pooling: false));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await ExternalProgram.RunAsync(Path.Combine(_binDirectory, "pg_ctl"), ["-D", _dataDirectory, "-m", "immediate", "-w", "-t", "30", "stop"], _asPostgresUser ? OsUser : null);
        }
        catch (InvalidOperationException)
        {
            // pg_ctl could not stop it: end our own postmaster by its pid, nothing else.
            try
            {
                using var process = Process.GetProcessById(ProcessId);
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
        }

        TryDelete(_root);
    }

    private static string FindBinDirectory()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("VGW_PG_BIN") is { Length: > 0 } configured)
        {
            candidates.Add(configured);
        }

        candidates.Add("/usr/lib/postgresql/15/bin");
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql").OrderDescending(StringComparer.Ordinal).Select(d => Path.Combine(d, "bin")));
        }

        candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
            ?? throw new InvalidOperationException(
                "PostgreSQL server binaries (initdb, pg_ctl) were not found in $VGW_PG_BIN, /usr/lib/postgresql/*/bin or PATH, " +
                "so the PostgreSQL store tests cannot run. Run ./test.sh, which installs them (scripts/install-test-deps.sh: " +
                "apt-get install postgresql), or set VGW_PG_BIN to the directory holding initdb and pg_ctl.");
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort: a temp directory left behind is not a test failure.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
