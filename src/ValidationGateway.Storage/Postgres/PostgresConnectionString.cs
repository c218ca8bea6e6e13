using System.Globalization;
using Npgsql;

namespace ValidationGateway.Storage.Postgres;

/// <summary>Recognises and normalises the PostgreSQL forms of <c>--store</c>: keywords (<c>Host=…;Database=…</c>) or a <c>postgres://</c> URL.</summary>
public static class PostgresConnectionString
{
    /// <summary>True when <paramref name="store"/> names a PostgreSQL database rather than a SQLite file path.</summary>
    public static bool IsPostgres(string store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var trimmed = store.Trim();
        return trimmed.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            || trimmed.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            || trimmed.Contains("Host=", StringComparison.OrdinalIgnoreCase)
            || trimmed.Contains("Server=", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Parses either form into a builder.</summary>
    /// <exception cref="ArgumentException">The URL or a keyword is not understood; the message names it.</exception>
    public static NpgsqlConnectionStringBuilder Parse(string store)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(store);
        var trimmed = store.Trim();
        try
        {
            return trimmed.Contains("://", StringComparison.Ordinal) ? ParseUrl(trimmed) : new NpgsqlConnectionStringBuilder(trimmed);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or UriFormatException)
        {
            throw new ArgumentException(
                $"The PostgreSQL store '{Redact(trimmed)}' is not a valid connection string ({e.Message}). " +
                "Use Host=…;Port=…;Database=…;Username=… or postgres://user:password@host:port/database.", nameof(store), e);
        }
    }

    /// <summary>host:port/database, for messages (never the password).</summary>
    public static string Describe(NpgsqlConnectionStringBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return string.Create(CultureInfo.InvariantCulture, $"{builder.Host}:{builder.Port}/{builder.Database ?? builder.Username}");
    }

    private static NpgsqlConnectionStringBuilder ParseUrl(string url)
    {
        var uri = new Uri(url, UriKind.Absolute);
        if (uri.Scheme is not ("postgres" or "postgresql"))
        {
            throw new FormatException($"scheme '{uri.Scheme}' is not postgres or postgresql");
        }

        var builder = new NpgsqlConnectionStringBuilder();
        if (!string.IsNullOrEmpty(uri.Host))
        {
            builder.Host = uri.Host.Trim('[', ']');
        }

        if (!uri.IsDefaultPort && uri.Port > 0)
        {
            builder.Port = uri.Port;
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        // Query parameters are connection string keywords (sslmode=require, Timeout=5, host=/var/run/postgresql).
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..]);
            builder[key] = value;
        }

        return builder;
    }

    private static string Redact(string store)
    {
        if (store.Contains("://", StringComparison.Ordinal))
        {
            var at = store.LastIndexOf('@');
            var scheme = store.IndexOf("://", StringComparison.Ordinal) + 3;
            return at > scheme ? store[..scheme] + "…@" + store[(at + 1)..] : store;
        }

        var parts = store.Split(';');
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i].TrimStart().StartsWith("Password", StringComparison.OrdinalIgnoreCase) ||
                parts[i].TrimStart().StartsWith("Pwd", StringComparison.OrdinalIgnoreCase))
            {
                parts[i] = "Password=…";
            }
        }

        return string.Join(';', parts);
    }
}
