using System.ComponentModel;
using System.Diagnostics;

namespace ValidationGateway.Server.Tests.Metrics;

/// <summary><c>promtool check metrics</c> from Debian's <c>prometheus</c> package (installed by test.sh): Prometheus' own parser and linter.</summary>
public static class Promtool
{
    /// <summary>Runs the check on <paramref name="exposition"/>; returns the exit code and everything promtool printed.</summary>
    public static async Task<(int ExitCode, string Output)> CheckMetricsAsync(string exposition)
    {
        var start = new ProcessStartInfo("promtool", "check metrics")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException("promtool not found: run ./test.sh, which installs Debian's prometheus package", e);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.StandardInput.WriteAsync(exposition);
            process.StandardInput.Close();
            await process.WaitForExitAsync();
            return (process.ExitCode, await output + await error);
        }
    }
}
