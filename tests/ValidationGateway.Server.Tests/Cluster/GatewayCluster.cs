using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using ValidationGateway.Server.Tests.Support;

using ValidationGateway.Storage.Tests.TestSupport;

namespace ValidationGateway.Server.Tests.Cluster;

/// <summary>
/// Three real <c>vgw</c> processes (the vgw.dll of the test output) on one PostgreSQL store, behind a real HAProxy whose
/// configuration is generated from <c>deploy/haproxy/haproxy.cfg</c> the way <c>scripts/local-cluster.sh</c> does it.
/// Dispose stops every process it started, by its own handle, whatever state the test left them in.
/// </summary>
internal sealed class GatewayCluster : IAsyncDisposable
{
    /// <summary>Response header the test configuration adds: the HAProxy server (node) that answered.</summary>
    public const string ServedByHeader = "x-vgw-server";

    private readonly string _dir;
    private readonly ConcurrentQueue<string> _log = new();
    private Process? _haproxy;

    private GatewayCluster(string dir) => _dir = dir;

    public IReadOnlyList<ClusterNode> Nodes { get; private set; } = [];

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Lines the processes wrote to stderr, and how they ended; for the test output.</summary>
    public IEnumerable<string> Log => _log;

    public static async Task<GatewayCluster> StartAsync(string store, string auditHashKey, int nodeCount = 3)
    {
        var cluster = new GatewayCluster(Directory.CreateTempSubdirectory("vgw-cluster-").FullName);
        try
        {
            var haproxy = ClusterPrograms.Haproxy();
            cluster.Nodes = await Task.WhenAll(Enumerable.Range(1, nodeCount).Select(i => cluster.StartNodeAsync($"vgw{i}", store, auditHashKey)));
            var port = ClusterPrograms.FreePort();
            var config = Path.Combine(cluster._dir, "haproxy.cfg");
            await File.WriteAllTextAsync(config, HaproxyConfig(port, cluster.Nodes));
            await ExternalProgram.RunAsync(haproxy, ["-c", "-q", "-f", config], null);
            cluster._haproxy = cluster.StartProcess("haproxy", haproxy, ["-db", "-f", config]);
            cluster.Endpoint = new Uri($"http://127.0.0.1:{port}");
            await WaitForPortAsync(port, cluster._haproxy);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>The loopback copy of the deploy configuration (same transformations as scripts/local-cluster.sh).</summary>
    public static string HaproxyConfig(int port, IEnumerable<ClusterNode> nodes)
    {
        var source = File.ReadAllLines(Path.Combine(RepoPaths.Root, "deploy", "haproxy", "haproxy.cfg"));
        var text = new StringBuilder();
        string? skipUntil = null;
        string? lastSection = null;
        foreach (var line in source)
        {
            var trimmed = line.Trim();
            if (skipUntil is not null)
            {
                skipUntil = trimmed == skipUntil ? null : skipUntil;
                continue;
            }

            if (trimmed is "# BEGIN system" or "# BEGIN tls")
            {
                skipUntil = trimmed.Replace("BEGIN", "END", StringComparison.Ordinal);
                continue;
            }

            if (trimmed.StartsWith("server vgw", StringComparison.Ordinal))
            {
                continue;
            }

            if (!char.IsWhiteSpace(line.FirstOrDefault(' ')) && trimmed.Length > 0 && !trimmed.StartsWith('#'))
            {
                lastSection = trimmed;
            }

            if (trimmed == "global")
            {
                // Traffic is logged at info; server state changes (DOWN/UP) at warning and above, kept for the test output.
                text.Append(line).Append("\n    log stderr format raw local0 warning\n");
                continue;
            }

            var outLine = trimmed.StartsWith("bind :5080 ", StringComparison.Ordinal)
                ? string.Create(CultureInfo.InvariantCulture, $"    bind 127.0.0.1:{port} {trimmed["bind :5080 ".Length..]}")
                : trimmed.StartsWith("maxconn ", StringComparison.Ordinal) ? "    maxconn 1000" : line;
            text.Append(outLine).Append('\n');
        }

        if (lastSection != "backend vgw_nodes")
        {
            throw new InvalidOperationException("deploy/haproxy/haproxy.cfg must end with the gRPC backend 'backend vgw_nodes' (the test appends its servers there).");
        }

        text.Append(CultureInfo.InvariantCulture, $"    http-response set-header {ServedByHeader} %s\n");
        foreach (var node in nodes)
        {
            text.Append(CultureInfo.InvariantCulture, $"    server {node.Name} 127.0.0.1:{node.GrpcPort}\n");
        }

        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in Nodes.Select(n => n.Process).Append(_haproxy))
        {
            if (process is null)
            {
                continue;
            }

            try
            {
                if (!process.HasExited)
                {
                    process.Kill();
                }

                await process.WaitForExitAsync();
            }
            catch (InvalidOperationException)
            {
                // Never started or already reaped.
            }

            process.Dispose();
        }

        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task<ClusterNode> StartNodeAsync(string name, string store, string auditHashKey)
    {
        var (grpcPort, httpPort) = (ClusterPrograms.FreePort(), ClusterPrograms.FreePort());
        var vgw = Path.Combine(AppContext.BaseDirectory, "vgw.dll");
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = StartProcess(name, "dotnet",
            [vgw, "serve", "--no-demo", "--store", store, "--grpc-url", $"http://127.0.0.1:{grpcPort}", "--http-url", $"http://127.0.0.1:{httpPort}"],
            new Dictionary<string, string> { ["VGW_Audit__HashKey"] = auditHashKey },
            line =>
            {
                if (line.Contains("Press Ctrl+C", StringComparison.Ordinal))
                {
                    ready.TrySetResult();
                }
            });
        var exited = process.WaitForExitAsync();
        if (await Task.WhenAny(ready.Task, exited, Task.Delay(TimeSpan.FromMinutes(2))) != ready.Task)
        {
            if (!process.HasExited)
            {
                process.Kill();
            }

            throw new InvalidOperationException($"{name} did not start:\n{string.Join('\n', _log)}");
        }

        return new ClusterNode(name, process, grpcPort, httpPort);
    }

    private Process StartProcess(string name, string program, string[] arguments, Dictionary<string, string>? environment = null, Action<string>? onOutput = null)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _dir };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? [])
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                onOutput?.Invoke(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _log.Enqueue($"{name}: {e.Data}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitForPortAsync(int port, Process process)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var socket = new TcpClient();
                await socket.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(20) && !process.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }
}
