using ValidationGateway.Core.Security;
using ValidationGateway.Storage.Tests.TestSupport;

namespace ValidationGateway.Storage.Tests.Stores;

/// <summary>Administrator sessions, in every store.</summary>
public abstract partial class StoreTests
{
    private const string AdminKeyId = "k000000000000000a";

    private static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(8);

    private static AdminSessionRecord Session(char hash, DateTimeOffset createdAt, string keyId = AdminKeyId) =>
        new(new string(hash, 64), keyId, createdAt, createdAt + SessionLifetime);

    private async Task<IStoreScope> CreateScopeWithAdminKeyAsync()
    {
        var scope = await CreateScopeAsync();
        await scope.Store.AddApiKeyAsync(Key(AdminKeyId, null, admin: true, StoreScope.Start), None);
        return scope;
    }

    [Fact]
    public async Task AddAdminSessionAsync_ThenGet_ReadsItBackByTokenHashOnly()
    {
        await using var scope = await CreateScopeWithAdminKeyAsync();
        var session = Session('a', StoreScope.Start);

        await scope.Store.AddAdminSessionAsync(session, None);

        Assert.Equal(session, await scope.Store.GetAdminSessionAsync(session.TokenHash, None));
        Assert.Null(await scope.Store.GetAdminSessionAsync(new string('b', 64), None));
        Assert.Equal(1L, await scope.ScalarAsync("SELECT count(*) FROM admin_sessions"));
    }

    [Fact]
    public async Task GetAdminSessionAsync_FromItsExpiryOn_IsNull()
    {
        await using var scope = await CreateScopeWithAdminKeyAsync();
        var session = Session('a', StoreScope.Start);
        await scope.Store.AddAdminSessionAsync(session, None);

        scope.Clock.Now = session.ExpiresAt - TimeSpan.FromSeconds(1);
        Assert.Equal(session, await scope.Store.GetAdminSessionAsync(session.TokenHash, None));
        scope.Clock.Now = session.ExpiresAt;
        Assert.Null(await scope.Store.GetAdminSessionAsync(session.TokenHash, None));
    }

    [Fact]
    public async Task AddAdminSessionAsync_ExpiredSessions_ArePrunedAndLiveOnesKept()
    {
        await using var scope = await CreateScopeWithAdminKeyAsync();
        var early = Session('a', StoreScope.Start);
        var later = Session('b', StoreScope.Start.AddHours(4));
        await scope.Store.AddAdminSessionAsync(early, None);
        await scope.Store.AddAdminSessionAsync(later, None);
        Assert.Equal(2L, await scope.ScalarAsync("SELECT count(*) FROM admin_sessions"));

        scope.Clock.Now = early.ExpiresAt;
        await scope.Store.AddAdminSessionAsync(Session('c', early.ExpiresAt), None);

        Assert.Equal(0L, await scope.ScalarAsync($"SELECT count(*) FROM admin_sessions WHERE token_hash = '{early.TokenHash}'"));
        Assert.Equal(2L, await scope.ScalarAsync("SELECT count(*) FROM admin_sessions"));
        Assert.Equal(later, await scope.Store.GetAdminSessionAsync(later.TokenHash, None));
    }

    [Fact]
    public async Task RemoveAdminSessionAsync_EndsOnlyThatSession()
    {
        await using var scope = await CreateScopeWithAdminKeyAsync();
        var ended = Session('a', StoreScope.Start);
        var other = Session('b', StoreScope.Start);
        await scope.Store.AddAdminSessionAsync(ended, None);
        await scope.Store.AddAdminSessionAsync(other, None);

        Assert.True(await scope.Store.RemoveAdminSessionAsync(ended.TokenHash, None));

        Assert.Null(await scope.Store.GetAdminSessionAsync(ended.TokenHash, None));
        Assert.False(await scope.Store.RemoveAdminSessionAsync(ended.TokenHash, None));
        Assert.Equal(other, await scope.Store.GetAdminSessionAsync(other.TokenHash, None));
    }

    [Fact]
    public async Task GetAdminSessionAsync_KeyRevokedAfterLogin_IsNull()
    {
        await using var scope = await CreateScopeWithAdminKeyAsync();
        var session = Session('a', StoreScope.Start);
        await scope.Store.AddAdminSessionAsync(session, None);

        scope.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.True(await scope.Store.RevokeApiKeyAsync(AdminKeyId, None));

        Assert.Null(await scope.Store.GetAdminSessionAsync(session.TokenHash, None));
    }

    [Fact]
    public async Task GetAdminSessionAsync_KeyIdWithoutKeyRow_IsNotChecked()
    {
        // The anonymous identity (Security:RequireApiKeys = false) has no key row to be revoked.
        await using var scope = await CreateScopeAsync();
        var session = Session('a', StoreScope.Start, keyId: "anonymous");
        await scope.Store.AddAdminSessionAsync(session, None);

        Assert.Equal(session, await scope.Store.GetAdminSessionAsync(session.TokenHash, None));
    }

    [Fact]
    public async Task AddAdminSessionAsync_SameTokenHashTwice_FailsAndKeepsTheFirst()
    {
        await using var scope = await CreateScopeWithAdminKeyAsync();
        var session = Session('a', StoreScope.Start);
        await scope.Store.AddAdminSessionAsync(session, None);

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => scope.Store.AddAdminSessionAsync(session with { KeyId = "k000000000000000b" }, None));

        Assert.Equal(session, await scope.Store.GetAdminSessionAsync(session.TokenHash, None));
    }
}
