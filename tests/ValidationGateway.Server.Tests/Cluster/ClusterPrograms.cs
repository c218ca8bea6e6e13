using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ValidationGateway.Server.Tests.Cluster;

/// <summary>Finds and runs the outside programs the cluster tests need (PostgreSQL server, HAProxy, kill).</summary>
/// <remarks>Missing programs fail the test with what to do; the cluster tests never skip.</remarks>
internal static class ClusterPrograms
{
    private const string Install = "Run ./test.sh, which installs them (scripts/install-test-deps.sh: apt-get install postgresql haproxy).";

    public static string PostgresBin()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("VGW_PG_BIN") is { Length: > 0 } configured)
        {
            candidates.Add(configured);
        }

        if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql").OrderDescending(StringComparer.Ordinal).Select(d => Path.Combine(d, "bin")));
        }

        candidates.AddRange(SearchPath());
        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
            ?? throw new InvalidOperationException("PostgreSQL server binaries (initdb, pg_ctl) were not found in $VGW_PG_BIN, /usr/lib/postgresql/*/bin or PATH, so the cluster failover tests cannot run. " + Install);
    }

    public static string Haproxy() =>
        SearchPath().Append("/usr/sbin").Select(d => Path.Combine(d, "haproxy")).FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("haproxy was not found in PATH or /usr/sbin, so the cluster failover tests cannot run. " + Install);

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Sends SIGTERM to one process of ours (Process.Kill only sends SIGKILL).</summary>
    public static Task TerminateAsync(int processId) => RunAsync("kill", ["-TERM", processId.ToString(System.Globalization.CultureInfo.InvariantCulture)], null);

    /// <summary>Runs a program to completion; throws with its output when it fails.</summary>
    public static async Task RunAsync(string program, string[] arguments, string? asUser)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // A server inherits the working directory; it must be one the postgres user may enter.
            WorkingDirectory = "/",
        };
        if (asUser is not null)
        {
            start.FileName = "runuser";
            start.ArgumentList.Add("-u");
            start.ArgumentList.Add(asUser);
            start.ArgumentList.Add("--");
            start.ArgumentList.Add(program);
        }
        else
        {
            start.FileName = program;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}{await output}");
        }
    }

    private static string[] SearchPath() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
}
