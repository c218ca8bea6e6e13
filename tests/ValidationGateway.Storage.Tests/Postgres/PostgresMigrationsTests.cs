using Npgsql;
using ValidationGateway.Core.Institutions;
using ValidationGateway.Core.Security;
using ValidationGateway.Storage.Migrations;
using ValidationGateway.Storage.Postgres;
using ValidationGateway.Storage.Tests.TestSupport;

namespace ValidationGateway.Storage.Tests.Postgres;

[Collection(PostgresTests.Name)]
public sealed class PostgresMigrationsTests(PostgresServerFixture fixture)
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static readonly string[] Tables =
        ["catalog_versions", "catalog_items", "institutions", "mappings", "practitioners", "knowledge_points", "api_keys", "audit_requests", "admin_sessions", "schema_migrations"];

    [Fact]
    public void All_NumbersAndNames_MatchTheSqliteMigrations()
    {
        Assert.Equal(SqliteMigrations.All.Select(m => (m.Number, m.Name)), PostgresMigrations.All.Select(m => (m.Number, m.Name)));
        Assert.Equal(SqliteMigrations.Latest, PostgresMigrations.Latest);
    }

    [Fact]
    public async Task MigrateAsync_EmptyDatabase_CreatesCurrentSchemaAndRecordsEachMigration()
    {
        await using var scope = await PostgresStoreScope.CreateAsync(fixture.Server, migrate: false);
        Assert.Equal(0, await scope.Store.GetSchemaVersionAsync(None));

        await scope.Store.MigrateAsync(None);

        Assert.Equal(PostgresMigrations.Latest, await scope.Store.GetSchemaVersionAsync(None));
        foreach (var table in Tables)
        {
            Assert.Equal(table, await scope.TextAsync($"SELECT to_regclass('{table}')"));
        }

        Assert.Equal((long)PostgresMigrations.All.Count, await scope.ScalarAsync("SELECT count(*) FROM schema_migrations"));
        Assert.Equal(StoreScope.Start, await scope.TimestampAsync("SELECT applied_at FROM schema_migrations WHERE version = 1"));
        Assert.Equal("numeric", await scope.TextAsync("SELECT data_type FROM information_schema.columns WHERE table_name = 'catalog_items' AND column_name = 'pric_uplmt_amt'"));
        Assert.Equal("date", await scope.TextAsync("SELECT data_type FROM information_schema.columns WHERE table_name = 'mappings' AND column_name = 'begndate'"));
    }

    [Fact]
    public async Task MigrateAsync_RunAgain_ChangesNothing()
    {
        await using var scope = await PostgresStoreScope.CreateAsync(fixture.Server);
        scope.Clock.Advance(TimeSpan.FromDays(1));

        await scope.Store.MigrateAsync(None);
        await scope.Store.MigrateAsync(None);

        Assert.Equal(PostgresMigrations.Latest, await scope.Store.GetSchemaVersionAsync(None));
        Assert.Equal((long)PostgresMigrations.All.Count, await scope.ScalarAsync("SELECT count(*) FROM schema_migrations"));
        Assert.Equal(0L, await scope.ScalarAsync("SELECT count(*) FROM schema_migrations WHERE applied_at <> '2026-11-01T08:00:00Z'"));
    }

    [Fact]
    public async Task MigrateAsync_FourNodesAtOnce_AllSucceedAndEachMigrationIsAppliedOnce()
    {
        await using var scope = await PostgresStoreScope.CreateAsync(fixture.Server, migrate: false);
        var nodes = Enumerable.Range(0, 4).Select(_ => scope.OpenAnotherStore()).ToList();
        try
        {
            // Every node starts at the same moment; without the advisory lock two would both create the tables.
            using var start = new ManualResetEventSlim();
            var migrations = nodes.Select(node => Task.Run(async () =>
            {
                start.Wait();
                await node.MigrateAsync(None);
            })).ToList();
            start.Set();
            await Task.WhenAll(migrations);

            foreach (var node in nodes)
            {
                Assert.Equal(PostgresMigrations.Latest, await node.GetSchemaVersionAsync(None));
            }

            Assert.Equal(
                PostgresMigrations.All.Select(m => (long)m.Number),
                (await QueryAsync(scope, "SELECT version FROM schema_migrations ORDER BY version")).Select(v => Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture)));
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task MigrateAsync_SchemaNewerThanCode_FailsNamingBothVersionsAndTheStore()
    {
        await using var scope = await PostgresStoreScope.CreateAsync(fixture.Server);
        var future = PostgresMigrations.Latest + 1;
        await scope.ScalarAsync($"INSERT INTO schema_migrations (version, name, applied_at) VALUES ({future}, 'from the future', '2030-01-01T00:00:00Z')");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => scope.Store.MigrateAsync(None));

        Assert.Contains($"schema version {future}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"up to {PostgresMigrations.Latest}", error.Message, StringComparison.Ordinal);
        Assert.Contains("upgrade vgw", error.Message, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{fixture.Server.Port}/{scope.Database}", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await using var reopened = await PostgresGatewayStore.OpenAsync(scope.ConnectionString, scope.Clock, None);
        });
    }

    [Fact]
    public async Task MigrateAsync_DatabaseAtVersion1WithData_UpgradesAndKeepsRows()
    {
        await using var scope = await PostgresStoreScope.CreateAsync(fixture.Server, migrate: false);
        await using (var connection = new NpgsqlConnection(scope.ConnectionString))
        {
            await connection.OpenAsync();
            await PostgresMigrator.MigrateAsync(connection, PostgresMigrations.All.Take(1).ToList(), scope.Clock, "v1 store", None);
        }

        await scope.Store.UpsertInstitutionAsync(new InstitutionRecord("H21010200123", "一院", 3, InstitutionType.Hospital), None);
        Assert.Equal(1, await scope.Store.GetSchemaVersionAsync(None));

        await scope.Store.MigrateAsync(None);

        Assert.Equal(PostgresMigrations.Latest, await scope.Store.GetSchemaVersionAsync(None));
        Assert.NotNull(await scope.Store.GetInstitutionAsync("H21010200123", None));
        var mapping = new MappingRow { InstitutionCode = "H21010200123", LocalCode = "L1", NationalCode = "N1" };
        Assert.Equal(1, await scope.Store.UpsertMappingsAsync("H21010200123", [mapping], replaceAll: false, None));
    }

    [Fact]
    public async Task MigrateAsync_DatabaseAtVersion5WithKeys_AddsSessionsAndKeepsKeysAndAudit()
    {
        await using var scope = await PostgresStoreScope.CreateAsync(fixture.Server, migrate: false);
        await using (var connection = new NpgsqlConnection(scope.ConnectionString))
        {
            await connection.OpenAsync();
            await PostgresMigrator.MigrateAsync(connection, PostgresMigrations.All.Take(5).ToList(), scope.Clock, "v5 store", None);
            await using var insert = new NpgsqlCommand("""
                INSERT INTO api_keys VALUES ('k000000000000000a', 'aaaa', NULL, true, '2026-10-01T00:00:00Z', NULL);
                INSERT INTO api_keys VALUES ('k000000000000000b', 'bbbb', NULL, true, '2026-10-01T00:00:00Z', '2026-10-02T00:00:00Z');
                INSERT INTO audit_requests VALUES ('H21010200123', 'r-1', '2026-10-22T01:02:03Z', '2026-10-22', '2026.10', 1, 'h', 0, '', '');
                """, connection);
            await insert.ExecuteNonQueryAsync();
        }

        Assert.Equal(5, await scope.Store.GetSchemaVersionAsync(None));

        await scope.Store.MigrateAsync(None);

        Assert.Equal(6, await scope.Store.GetSchemaVersionAsync(None));
        Assert.Equal("admin sessions", await scope.TextAsync("SELECT name FROM schema_migrations WHERE version = 6"));
        Assert.NotNull(await scope.Store.GetApiKeyAsync("k000000000000000a", None));
        Assert.Equal(1L, await scope.ScalarAsync("SELECT count(*) FROM audit_requests"));
        Assert.Equal(0L, await scope.ScalarAsync("SELECT count(*) FROM admin_sessions"));
        Assert.Equal("timestamp with time zone", await scope.TextAsync("SELECT data_type FROM information_schema.columns WHERE table_name = 'admin_sessions' AND column_name = 'expires_at'"));

        // A key issued before the upgrade logs in; one revoked before it does not stay logged in.
        var live = new AdminSessionRecord(new string('a', 64), "k000000000000000a", StoreScope.Start, StoreScope.Start.AddHours(8));
        var revoked = live with { TokenHash = new string('b', 64), KeyId = "k000000000000000b" };
        await scope.Store.AddAdminSessionAsync(live, None);
        await scope.Store.AddAdminSessionAsync(revoked, None);
        Assert.Equal(live, await scope.Store.GetAdminSessionAsync(live.TokenHash, None));
        Assert.Null(await scope.Store.GetAdminSessionAsync(revoked.TokenHash, None));
    }

    private static async Task<List<object>> QueryAsync(PostgresStoreScope scope, string sql)
    {
        await using var connection = new NpgsqlConnection(scope.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<object>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetValue(0));
        }

        return values;
    }
}
