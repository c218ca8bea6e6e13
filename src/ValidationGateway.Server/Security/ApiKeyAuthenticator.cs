using System.Collections.Concurrent;
using ValidationGateway.Core.Security;
using ValidationGateway.Grpc;
using ValidationGateway.Storage;

namespace ValidationGateway.Server.Security;

/// <summary>Checks bearer keys against the store, with a short cache so the hot path does not read the store per call.</summary>
/// <remarks>
/// Thread-safe. A cache hit completes synchronously and allocates nothing. Revocations through this process
/// (<see cref="Forget"/>) take effect at once; revocations by another process (the CLI) within <see cref="SecurityOptions.KeyCacheTtl"/>.
/// Unknown key ids are cached too, so a flood of bad keys does not become a flood of store reads.
/// </remarks>
internal sealed class ApiKeyAuthenticator(IGatewayStore store, SecurityOptions options, TimeProvider time)
{
    private const string BearerPrefix = "Bearer ";
    private readonly ConcurrentDictionary<string, CacheEntry> _cache = new(StringComparer.Ordinal);

    /// <summary>The caller of a call with this <c>authorization</c> header.</summary>
    /// <exception cref="GrpcStatusException">UNAUTHENTICATED: no key, not a key, unknown or revoked.</exception>
    public ValueTask<CallerIdentity> AuthenticateAsync(string? authorization, CancellationToken cancellationToken)
    {
        if (!options.RequireApiKeys)
        {
            return ValueTask.FromResult(CallerIdentity.Anonymous);
        }

        if (authorization is null || !authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            throw Unauthenticated("缺少访问密钥：请在 authorization 头中携带 Bearer <key>（missing API key）");
        }

        var key = authorization.AsSpan(BearerPrefix.Length).Trim();
        if (!ApiKeys.TryParse(key, out var keyId, out _))
        {
            throw Unauthenticated("访问密钥格式不正确（malformed API key）");
        }

        if (_cache.TryGetValue(keyId, out var entry) && time.GetTimestamp() < entry.ExpiresAt)
        {
            return ValueTask.FromResult(Check(entry, key));
        }

        return AuthenticateSlowAsync(keyId, authorization[BearerPrefix.Length..].Trim(), cancellationToken);
    }

    /// <summary>Drops a key from the cache (after a revocation in this process).</summary>
    public void Forget(string keyId) => _cache.TryRemove(keyId, out _);

    private async ValueTask<CallerIdentity> AuthenticateSlowAsync(string keyId, string key, CancellationToken cancellationToken)
    {
        var record = await store.GetApiKeyAsync(keyId, cancellationToken).ConfigureAwait(false);
        var identity = record is { IsActive: true } ? new CallerIdentity(record.KeyId, record.InstitutionCode, record.IsAdmin) : null;
        var entry = new CacheEntry(record, identity, time.GetTimestamp() + (long)(options.KeyCacheTtl.TotalSeconds * time.TimestampFrequency));
        _cache[keyId] = entry;
        return Check(entry, key);
    }

    private static CallerIdentity Check(CacheEntry entry, ReadOnlySpan<char> key)
    {
        // The secret is verified on every call, cached or not: the cache saves the store read, never the check.
        if (entry.Record is null || entry.Identity is null || !ApiKeys.TryParse(key, out _, out var secret) || !ApiKeys.Verify(entry.Record, secret))
        {
            throw Unauthenticated("访问密钥无效或已吊销（unknown or revoked API key）");
        }

        return entry.Identity;
    }

    private static GrpcStatusException Unauthenticated(string message) => new(GrpcStatusCode.Unauthenticated, message);

    private sealed record CacheEntry(ApiKeyRecord? Record, CallerIdentity? Identity, long ExpiresAt);
}
