using System.Security.Cryptography;
using ValidationGateway.Server.Demo;
using ValidationGateway.Server.Hosting;

namespace ValidationGateway.Server.Audit;

/// <summary>Finds the key of the personal-data hash: the Audit:HashKey setting, else a key file beside a SQLite store (created once).</summary>
internal static class AuditHashKey
{
    public const string FileName = "audit-hash.key";

    public static async Task<byte[]> ResolveAsync(GatewaySettings settings, CancellationToken cancellationToken)
    {
        if (settings.Audit.HashKey.Length > 0 && AuditOptions.TryDecode(settings.Audit.HashKey, out var configured))
        {
            return configured;
        }

        // The demo key file's rule tells a SQLite path from a connection string.
        var keyFile = DemoKeyFile.PathFor(settings.Store) is { } demo ? Path.Combine(Path.GetDirectoryName(demo)!, FileName) : null;
        if (keyFile is null)
        {
            throw new InvalidOperationException("Audit:HashKey is required with a PostgreSQL store (base64 of 32 random bytes, the same on every node)");
        }

        if (File.Exists(keyFile) && AuditOptions.TryDecode(await File.ReadAllTextAsync(keyFile, cancellationToken).ConfigureAwait(false), out var existing) && existing.Length >= 32)
        {
            return existing;
        }

        var key = RandomNumberGenerator.GetBytes(32);
        await File.WriteAllTextAsync(keyFile, Convert.ToBase64String(key), cancellationToken).ConfigureAwait(false);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return key;
    }
}
