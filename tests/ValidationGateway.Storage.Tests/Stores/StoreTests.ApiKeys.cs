using ValidationGateway.Core.Security;
using ValidationGateway.Storage.Tests.TestSupport;

namespace ValidationGateway.Storage.Tests.Stores;

/// <summary>API keys, in every store.</summary>
public abstract partial class StoreTests
{
    private static ApiKeyRecord Key(string id, string? institution, bool admin, DateTimeOffset createdAt) =>
        new(id, new string('a', 64), institution, admin, createdAt, null);

    [Fact]
    public async Task AddApiKeyAsync_ThenRevoke_RoundTripsAndRecordsRevocationTime()
    {
        await using var scope = await CreateScopeAsync();
        var key = Key("k1a2b3c4d5e6f7a8", "H21010200123", admin: false, StoreScope.Start);
        await scope.Store.AddApiKeyAsync(key, None);

        Assert.Equal(key, await scope.Store.GetApiKeyAsync(key.KeyId, None));
        scope.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.True(await scope.Store.RevokeApiKeyAsync(key.KeyId, None));
        Assert.False(await scope.Store.RevokeApiKeyAsync(key.KeyId, None));
        Assert.False(await scope.Store.RevokeApiKeyAsync("no-such-key", None));
        Assert.Equal(StoreScope.Start.AddMinutes(5), (await scope.Store.GetApiKeyAsync(key.KeyId, None))!.RevokedAt);
        Assert.Null(await scope.Store.GetApiKeyAsync("no-such-key", None));
    }

    [Fact]
    public async Task ListApiKeysAsync_AdminAndInstitutionKeys_OldestFirst()
    {
        await using var scope = await CreateScopeAsync();
        var admin = Key("k0000000000000002", null, admin: true, StoreScope.Start);
        var institution = Key("k0000000000000001", "P45010301036", admin: false, StoreScope.Start.AddSeconds(1));
        await scope.Store.AddApiKeyAsync(institution, None);
        await scope.Store.AddApiKeyAsync(admin, None);

        Assert.Equal([admin, institution], await scope.Store.ListApiKeysAsync(None));
    }
}
