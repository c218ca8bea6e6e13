using System.Globalization;
using ValidationGateway.Core.Institutions;
using ValidationGateway.Storage.Tests.TestSupport;

namespace ValidationGateway.Storage.Tests.Stores;

/// <summary>The store suite against the SQLite store, plus what is particular to its file format.</summary>
public sealed class SqliteStoreTests : StoreTests
{
    private protected override async Task<IStoreScope> CreateScopeAsync() => await StoreScope.CreateAsync();

    [Fact]
    public async Task UpsertInstitutionAsync_Timestamps_StoredAsRoundTripUtcText()
    {
        await using var scope = await StoreScope.CreateAsync();
        await scope.Store.UpsertInstitutionAsync(new InstitutionRecord("H21010200123", "一院", 2, InstitutionType.Hospital), CancellationToken.None);
        scope.Clock.Advance(TimeSpan.FromMinutes(5));

        await scope.Store.UpsertInstitutionAsync(new InstitutionRecord("H21010200123", "一院（总院）", 3, InstitutionType.Hospital), CancellationToken.None);

        Assert.Equal(StoreScope.Start.ToString("O", CultureInfo.InvariantCulture), await scope.ScalarAsync("SELECT created_at FROM institutions WHERE code = 'H21010200123'"));
        Assert.Equal(StoreScope.Start.AddMinutes(5).ToString("O", CultureInfo.InvariantCulture), await scope.ScalarAsync("SELECT updated_at FROM institutions WHERE code = 'H21010200123'"));
    }
}
