using System.Globalization;
using Google.Protobuf;
using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Audit;
using ValidationGateway.Core.Security;
using ValidationGateway.Storage.Migrations;
using ValidationGateway.Storage.Sqlite;
using ValidationGateway.Storage.Tests.TestSupport;

namespace ValidationGateway.Storage.Tests.Migrations;

public sealed class SqliteMigrationsTests
{
    [Fact]
    public void All_Numbers_StartAtOneAndIncreaseByOne()
    {
        var numbers = SqliteMigrations.All.Select(m => m.Number).ToArray();

        Assert.Equal(Enumerable.Range(1, numbers.Length), numbers);
        Assert.Equal(numbers[^1], SqliteMigrations.Latest);
        Assert.All(SqliteMigrations.All, m => Assert.False(string.IsNullOrWhiteSpace(m.Name)));
    }

    [Fact]
    public async Task MigrateAsync_EmptyStore_CreatesCurrentSchemaAndRecordsEachMigration()
    {
        await using var scope = await StoreScope.CreateAsync(migrate: false);
        Assert.Equal(0, await scope.Store.GetSchemaVersionAsync(CancellationToken.None));

        await scope.Store.MigrateAsync(CancellationToken.None);

        Assert.Equal(SqliteMigrations.Latest, await scope.Store.GetSchemaVersionAsync(CancellationToken.None));
        foreach (var table in new[] { "catalog_versions", "catalog_items", "institutions", "mappings", "practitioners", "knowledge_points", "api_keys", "audit_requests", "admin_sessions", "schema_migrations" })
        {
            Assert.Equal(1L, await scope.ScalarAsync($"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}'"));
        }

        Assert.Equal((long)SqliteMigrations.All.Count, await scope.ScalarAsync("SELECT count(*) FROM schema_migrations"));
        var appliedAt = (string?)await scope.ScalarAsync("SELECT applied_at FROM schema_migrations WHERE version = 1");
        Assert.Equal(StoreScope.Start, DateTimeOffset.Parse(appliedAt!, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task MigrateAsync_RunAgain_ChangesNothing()
    {
        await using var scope = await StoreScope.CreateAsync();
        scope.Clock.Advance(TimeSpan.FromDays(1));

        await scope.Store.MigrateAsync(CancellationToken.None);
        await scope.Store.MigrateAsync(CancellationToken.None);

        Assert.Equal(SqliteMigrations.Latest, await scope.Store.GetSchemaVersionAsync(CancellationToken.None));
        Assert.Equal((long)SqliteMigrations.All.Count, await scope.ScalarAsync("SELECT count(*) FROM schema_migrations"));
        Assert.Equal(0L, await scope.ScalarAsync($"SELECT count(*) FROM schema_migrations WHERE applied_at <> '{SqliteValues.Timestamp(StoreScope.Start)}'"));
    }

    [Fact]
    public async Task MigrateAsync_SchemaNewerThanCode_FailsNamingBothVersions()
    {
        await using var scope = await StoreScope.CreateAsync();
        var future = SqliteMigrations.Latest + 1;
        await scope.ScalarAsync($"INSERT INTO schema_migrations (version, name, applied_at) VALUES ({future}, 'from the future', '2030-01-01T00:00:00.0000000+00:00')");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => scope.Store.MigrateAsync(CancellationToken.None));

        Assert.Contains($"schema version {future}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"up to {SqliteMigrations.Latest}", error.Message, StringComparison.Ordinal);
        Assert.Contains("upgrade vgw", error.Message, StringComparison.Ordinal);
        Assert.Contains(scope.Store.FilePath, error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await using var reopened = await SqliteGatewayStore.OpenAsync(scope.Store.FilePath, scope.Clock, CancellationToken.None);
        });
    }

    [Fact]
    public async Task MigrateAsync_FreshStore_UsesWalAndDeclaresItemForeignKey()
    {
        await using var scope = await StoreScope.CreateAsync();

        Assert.Equal("wal", await scope.ScalarAsync("PRAGMA journal_mode"));
        Assert.Equal("catalog_versions", await scope.ScalarAsync("SELECT \"table\" FROM pragma_foreign_key_list('catalog_items')"));
    }

    [Fact]
    public async Task MigrateAsync_StoreAtVersion1WithData_UpgradesAndKeepsRows()
    {
        await using var scope = await StoreScope.CreateAsync(migrate: false);
        using (var connection = scope.OpenRaw())
        {
            await SqliteMigrator.MigrateAsync(connection, SqliteMigrations.All.Take(1).ToList(), scope.Clock, "v1 store", CancellationToken.None);
        }

        await scope.Store.UpsertInstitutionAsync(new Core.Institutions.InstitutionRecord("H21010200123", "一院", 3, Core.Institutions.InstitutionType.Hospital), CancellationToken.None);
        Assert.Equal(1, await scope.Store.GetSchemaVersionAsync(CancellationToken.None));

        await scope.Store.MigrateAsync(CancellationToken.None);

        Assert.Equal(SqliteMigrations.Latest, await scope.Store.GetSchemaVersionAsync(CancellationToken.None));
        Assert.NotNull(await scope.Store.GetInstitutionAsync("H21010200123", CancellationToken.None));
        var mapping = new Core.Institutions.MappingRow { InstitutionCode = "H21010200123", LocalCode = "L1", NationalCode = "N1" };
        Assert.Equal(1, await scope.Store.UpsertMappingsAsync("H21010200123", [mapping], replaceAll: false, CancellationToken.None));
    }

    [Fact]
    public async Task MigrateAsync_StoreAtVersion4WithAuditLines_DropsTheLineTableAndReadsLinesFromTheStoredRequests()
    {
        await using var scope = await StoreScope.CreateAsync(migrate: false);
        var request = new ValidateRequest { RequestId = "r-1", FixmedinsCode = "H21010200123" };
        request.FeeDetails.Add(new FeeDetail { FeedetlSn = "1", MedinsListCodg = "HIS1", MedListCodg = "XA01ABC1", DetItemFeeSumamt = "12.50" });
        var response = new ValidateResponse { RequestId = "r-1", Verdict = Verdict.Warn };
        response.Lines.Add(new LineResult { Verdict = Verdict.Warn, OverlmtAmt = "2.50", Findings = { new Finding { RuleId = "PRICE_OVER_LIMIT" } } });
        using (var connection = scope.OpenRaw())
        {
            await SqliteMigrator.MigrateAsync(connection, SqliteMigrations.All.Take(4).ToList(), scope.Clock, "v4 store", CancellationToken.None);
            using var insert = connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO audit_requests VALUES ('H21010200123', 'r-1', '2026-11-22T01:02:03.0000000+00:00', '2026-11-22', '2026.11', 2, 'h', 1, $request, $response);
                INSERT INTO audit_lines VALUES ('H21010200123', 'r-1', 0, '2026-11-22', 'HIS1', 'XA01ABC1', 2, 1, 'PRICE_OVER_LIMIT', '12.50', '2.50');
                """;
            insert.Parameters.AddWithValue("$request", request.ToByteArray());
            insert.Parameters.AddWithValue("$response", response.ToByteArray());
            await insert.ExecuteNonQueryAsync();
        }

        await scope.Store.MigrateAsync(CancellationToken.None);

        Assert.Equal(0L, await scope.ScalarAsync("SELECT count(*) FROM sqlite_master WHERE name = 'audit_lines'"));
        var day = new DateOnly(2026, 11, 22);
        var lines = new List<AuditLineRow>();
        await foreach (var row in scope.Store.ReadAuditLinesAsync(day, day, "H21010200123", CancellationToken.None))
        {
            lines.Add(row);
        }

        Assert.Equal([new AuditLineRow("H21010200123", "r-1", day, new AuditLine(0, "HIS1", "XA01ABC1", Verdict.Warn, true, "PRICE_OVER_LIMIT", 12.50m, 2.50m))], lines);
    }

    [Fact]
    public async Task MigrateAsync_StoreAtVersion5WithKeys_AddsSessionsAndKeepsKeysAndAudit()
    {
        await using var scope = await StoreScope.CreateAsync(migrate: false);
        using (var connection = scope.OpenRaw())
        {
            await SqliteMigrator.MigrateAsync(connection, SqliteMigrations.All.Take(5).ToList(), scope.Clock, "v5 store", CancellationToken.None);
            using var insert = connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO api_keys VALUES ('k000000000000000a', 'aaaa', NULL, 1, '2026-10-01T00:00:00.0000000+00:00', NULL);
                INSERT INTO api_keys VALUES ('k000000000000000b', 'bbbb', NULL, 1, '2026-10-01T00:00:00.0000000+00:00', '2026-10-02T00:00:00.0000000+00:00');
                INSERT INTO audit_requests VALUES ('H21010200123', 'r-1', '2026-10-22T01:02:03.0000000+00:00', '2026-10-22', '2026.10', 1, 'h', 0, x'', x'');
                """;
            await insert.ExecuteNonQueryAsync();
        }

        Assert.Equal(5, await scope.Store.GetSchemaVersionAsync(CancellationToken.None));

        await scope.Store.MigrateAsync(CancellationToken.None);

        Assert.Equal(6, await scope.Store.GetSchemaVersionAsync(CancellationToken.None));
        Assert.Equal("admin sessions", await scope.ScalarAsync("SELECT name FROM schema_migrations WHERE version = 6"));
        Assert.NotNull(await scope.Store.GetApiKeyAsync("k000000000000000a", CancellationToken.None));
        Assert.Equal(1L, await scope.ScalarAsync("SELECT count(*) FROM audit_requests"));
        Assert.Equal(0L, await scope.ScalarAsync("SELECT count(*) FROM admin_sessions"));

        // A key issued before the upgrade logs in; one revoked before it does not stay logged in.
        var live = new AdminSessionRecord(new string('a', 64), "k000000000000000a", StoreScope.Start, StoreScope.Start.AddHours(8));
        var revoked = live with { TokenHash = new string('b', 64), KeyId = "k000000000000000b" };
        await scope.Store.AddAdminSessionAsync(live, CancellationToken.None);
        await scope.Store.AddAdminSessionAsync(revoked, CancellationToken.None);
        Assert.Equal(live, await scope.Store.GetAdminSessionAsync(live.TokenHash, CancellationToken.None));
        Assert.Null(await scope.Store.GetAdminSessionAsync(revoked.TokenHash, CancellationToken.None));
    }

    [Fact]
    public async Task OpenAsync_DirectoryMissing_CreatesDirectoryAndStore()
    {
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "a", "b", "vgw.db");

        await using (var store = await SqliteGatewayStore.OpenAsync(path, TimeProvider.System, CancellationToken.None))
        {
            Assert.Equal(SqliteMigrations.Latest, await store.GetSchemaVersionAsync(CancellationToken.None));
        }

        Assert.True(File.Exists(path));
    }
}
