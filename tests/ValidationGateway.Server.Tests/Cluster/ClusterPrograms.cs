using System.Net;
using System.Net.Sockets;
using ValidationGateway.Storage.Tests.TestSupport;

namespace ValidationGateway.Server.Tests.Cluster;

/// <summary>Finds and runs the outside programs the cluster tests need (HAProxy, kill); PostgreSQL comes from the storage tests' fixture.</summary>
/// <remarks>Missing programs fail the test with what to do; the cluster tests never skip.</remarks>
internal static class ClusterPrograms
{
    private const string Install = "Run ./test.sh, which installs them (scripts/install-test-deps.sh: apt-get install postgresql haproxy).";

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
    public static Task TerminateAsync(int processId) => ExternalProgram.RunAsync("kill", ["-TERM", processId.ToString(System.Globalization.CultureInfo.InvariantCulture)], null);

    private static string[] SearchPath() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
}
