namespace ValidationGateway.Core.Runtime;

/// <summary>Whether the .NET garbage collector will run with a tiny gen0 budget on this machine, and what to set.</summary>
/// <remarks>
/// The runtime sizes the gen0 budget from the CPU's cache sizes, which on Linux it reads under
/// <c>/sys/devices/system/cpu/cpu0/cache</c>. Some virtual machines (Firecracker among them) publish no such folder, and
/// the budget then falls to ~2 MB: measured on such a machine, the gateway collected ~22 times a second at 4,500
/// Validate calls/s (26 ms of pauses a second) and the load tool ~27 times, where a 64-MB budget gives about one.
/// Only the environment variable <c>DOTNET_GCgen0size</c> sets it (runtimeconfig.json has no property for it), and it
/// must be set before the process starts, so the programs can only say so (docs/performance.md, item 41).
/// </remarks>
public static class Gen0Budget
{
    /// <summary>The setting the warning recommends: 64 MB, the smallest gen0 budget.</summary>
    public const string Recommended = "DOTNET_GCgen0size=0x4000000";

    private const string CacheFolder = "/sys/devices/system/cpu/cpu0/cache";

    /// <summary>A one-line warning when this process runs with the tiny budget, or null.</summary>
    public static string? Warning() =>
        Warning(OperatingSystem.IsLinux(), Environment.GetEnvironmentVariable, Directory.Exists);

    /// <summary>The check, with the machine's facts passed in (tests).</summary>
    internal static string? Warning(bool linux, Func<string, string?> environment, Func<string, bool> directoryExists)
    {
        if (!linux || directoryExists(CacheFolder)
            || !string.IsNullOrEmpty(environment("DOTNET_GCgen0size")) || !string.IsNullOrEmpty(environment("COMPlus_GCgen0size")))
        {
            return null;
        }

        return $"this machine reports no CPU cache sizes ({CacheFolder} is missing), so the .NET garbage collector keeps a " +
            $"gen0 budget of ~2 MB and collects dozens of times a second under load; start the process with {Recommended}";
    }
}
