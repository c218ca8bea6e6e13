namespace ValidationGateway.Server.Demo;

/// <summary>The demo administrator key, kept beside a SQLite store so `vgw sample` works without copying it by hand.</summary>
/// <remarks>Written once, owner-readable only. Only for the demo data set of an embedded store; never for PostgreSQL.</remarks>
internal static class DemoKeyFile
{
    public const string FileName = "demo-admin.key";

    /// <summary>The file beside a SQLite store path, or null for a connection string.</summary>
    public static string? PathFor(string store) =>
        store.Contains('=', StringComparison.Ordinal) || store.Contains("://", StringComparison.Ordinal)
            ? null
            : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(store)) ?? ".", FileName);

    public static async Task WriteAsync(string path, string key, CancellationToken cancellationToken)
    {
        await File.WriteAllTextAsync(path, key + Environment.NewLine, cancellationToken).ConfigureAwait(false);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    public static string? TryRead(string store)
    {
        var path = PathFor(store);
        return path is not null && File.Exists(path) ? File.ReadAllText(path).Trim() : null;
    }
}
