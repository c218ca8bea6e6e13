using System.Diagnostics;

namespace ValidationGateway.Storage.Tests.TestSupport;

/// <summary>Runs outside programs the test fixtures need (initdb, pg_ctl, haproxy, kill), optionally as another OS user.</summary>
/// <remarks>Shared with the server tests' cluster fixture (linked into that project).</remarks>
internal static class ExternalProgram
{
    /// <summary>Runs a program to completion; throws with its output when it fails.</summary>
    public static async Task RunAsync(string program, string[] arguments, string? asUser)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // A server started this way inherits the working directory; it must be one the postgres user may enter.
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
        // A program that leaves a server running must redirect that server's output (pg_ctl -l does), or reading
        // to the end would wait for the server.
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}{await output}");
        }
    }
}
