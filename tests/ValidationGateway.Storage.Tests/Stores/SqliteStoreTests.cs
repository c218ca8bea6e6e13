using System.Globalization;
using Microsoft.Data.Sqlite;
using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Audit;
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

    [Fact]
    public async Task AppendAuditAsync_Record_StoredColumnsAsRoundTripUtcTextAndExactBytes()
    {
        await using var scope = await StoreScope.CreateAsync();
        var receivedAt = new DateTimeOffset(2026, 11, 22, 9, 30, 15, 123, TimeSpan.FromHours(8)).AddTicks(4567);
        var record = new AuditRecord("H21010200123", "请求-1", receivedAt, new DateOnly(2026, 11, 22), "2026.11-全国", Verdict.Warn, "hash-of-psn", 8,
            [1, 2, 0, 255], [9, 8, 7]);

        Assert.Equal([true], await scope.Store.AppendAuditAsync([record], AuditDurability.ProcessCrash, CancellationToken.None));

        const string Row = "FROM audit_requests WHERE fixmedins_code = 'H21010200123' AND request_id = '请求-1'";
        Assert.Equal(receivedAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture), await scope.ScalarAsync($"SELECT received_at {Row}"));
        Assert.Equal("2026-11-22", await scope.ScalarAsync($"SELECT day {Row}"));
        Assert.Equal("2026.11-全国", await scope.ScalarAsync($"SELECT catalog_version {Row}"));
        Assert.Equal("hash-of-psn", await scope.ScalarAsync($"SELECT psn_hash {Row}"));
        Assert.Equal((long)Verdict.Warn, await scope.ScalarAsync($"SELECT verdict {Row}"));
        Assert.Equal(8L, await scope.ScalarAsync($"SELECT line_count {Row}"));
        Assert.Equal(new byte[] { 1, 2, 0, 255 }, await scope.ScalarAsync($"SELECT request {Row}"));
        Assert.Equal(new byte[] { 9, 8, 7 }, await scope.Store.GetAuditResponseAsync("H21010200123", "请求-1", CancellationToken.None));
    }

    [Fact]
    public async Task AppendAuditAsync_RecordFailsMidBatch_NothingOfTheBatchStoredAndTheNextBatchIs()
    {
        await using var scope = await StoreScope.CreateAsync();
        AuditRecord Record(string id) => new("H21010200123", id, StoreScope.Start, new DateOnly(2026, 11, 22), "2026.11", Verdict.Pass, "", 1, [1], [2]);

        var failure = await Assert.ThrowsAsync<SqliteException>(() =>
            scope.Store.AppendAuditAsync([Record("r-1"), Record("r-2") with { CatalogVersion = null! }, Record("r-3")], AuditDurability.ProcessCrash, CancellationToken.None));

        Assert.Contains("NOT NULL constraint failed: audit_requests.catalog_version", failure.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await scope.ScalarAsync("SELECT count(*) FROM audit_requests"));
        Assert.Equal([true, true], await scope.Store.AppendAuditAsync([Record("r-1"), Record("r-3")], AuditDurability.ProcessCrash, CancellationToken.None));
        Assert.Equal(2L, await scope.ScalarAsync("SELECT count(*) FROM audit_requests"));
    }
}
