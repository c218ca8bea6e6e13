using ValidationGateway.Core.Security;
using ValidationGateway.Storage.Tests.TestSupport;

namespace ValidationGateway.Storage.Tests.Sqlite;

public class SqliteApiKeyStoreTests
{
    [Fact]
    public async Task AddGetRevoke_RoundTripsHashOnlyAndRevocationTime()
    {
        await using var scope = await StoreScope.CreateAsync();
        var (key, record) = ApiKeys.Create("H21010200123", isAdmin: false, StoreScope.Start);
        await scope.Store.AddApiKeyAsync(record, CancellationToken.None);

        var stored = await scope.Store.GetApiKeyAsync(record.KeyId, CancellationToken.None);
        Assert.Equal(record, stored);
        Assert.DoesNotContain(key[^43..], stored!.SecretHash, StringComparison.Ordinal);

        scope.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.True(await scope.Store.RevokeApiKeyAsync(record.KeyId, CancellationToken.None));
        Assert.False(await scope.Store.RevokeApiKeyAsync(record.KeyId, CancellationToken.None));
        var revoked = await scope.Store.GetApiKeyAsync(record.KeyId, CancellationToken.None);
        Assert.Equal(StoreScope.Start.AddMinutes(5), revoked!.RevokedAt);
        Assert.False(revoked.IsActive);
    }

    [Fact]
    public async Task List_ReturnsAdminAndInstitutionKeys_OldestFirst()
    {
        await using var scope = await StoreScope.CreateAsync();
        var (_, admin) = ApiKeys.Create(null, isAdmin: true, StoreScope.Start);
        var (_, institution) = ApiKeys.Create("P45010301036", isAdmin: false, StoreScope.Start.AddSeconds(1));
        await scope.Store.AddApiKeyAsync(institution, CancellationToken.None);
        await scope.Store.AddApiKeyAsync(admin, CancellationToken.None);

        var keys = await scope.Store.ListApiKeysAsync(CancellationToken.None);
        Assert.Equal([admin.KeyId, institution.KeyId], keys.Select(k => k.KeyId));
        Assert.Null(keys[0].InstitutionCode);
        Assert.True(keys[0].IsAdmin);
        Assert.Null(await scope.Store.GetApiKeyAsync("0000000000000000", CancellationToken.None));
    }
}
