using System.Diagnostics;
using System.Text.Json;
using ValidationGateway.Server.Tests.Support;
using Xunit.Abstractions;

namespace ValidationGateway.Server.Tests.Admin;

/// <summary>Runs a script of tests/browser (headless Chromium from Debian, driven by playwright-core) and returns the JSON it prints.</summary>
internal static class BrowserScript
{
    private const string Chromium = "/usr/bin/chromium";
    private static readonly string BrowserDir = Path.Combine(RepoPaths.Root, "tests", "browser");

    /// <summary>Runs <paramref name="script"/> with <paramref name="args"/>; fails the test when the browser is not installed or the script fails.</summary>
    public static async Task<JsonElement> RunAsync(ITestOutputHelper output, string script, params string[] args)
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: run ./test.sh (it installs the Debian chromium package)");
        Assert.True(Directory.Exists(Path.Combine(BrowserDir, "node_modules", "playwright-core")),
            "tests/browser/node_modules is missing: run ./test.sh (it runs `npm ci` in tests/browser)");
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = BrowserDir };
        start.ArgumentList.Add(Path.Combine(BrowserDir, script));
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        output.WriteLine(await stdout);
        Assert.True(process.ExitCode == 0, $"{script} exited {process.ExitCode}: {await stderr}");
        return JsonDocument.Parse(await stdout).RootElement;
    }
}
