using System.Diagnostics;
using System.Globalization;
using ValidationGateway.Core.Catalog;
using ValidationGateway.Storage.Tests.TestSupport;
using Xunit.Abstractions;

namespace ValidationGateway.Storage.Tests.Postgres;

/// <summary>
/// The same catalog rows imported into both stores, timed. 20,000 rows by default; for the figure in the README run
/// with VGW_IMPORT_ROWS=1000000 and <c>--logger "console;verbosity=detailed"</c> to see the times.
/// </summary>
/// <remarks>Times are reported, never asserted (STYLE: performance is measured, not asserted); the counts are asserted.</remarks>
[Collection(PostgresTests.Name)]
public sealed class CatalogImportComparisonTests(PostgresServerFixture fixture, ITestOutputHelper output)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task ReplaceCatalogRowsAsync_SameRowsIntoBothStores_AllRowsLandAndTimesAreReported()
    {
        var count = int.TryParse(Environment.GetEnvironmentVariable("VGW_IMPORT_ROWS"), NumberStyles.None, CultureInfo.InvariantCulture, out var configured) && configured > 0
            ? configured
            : 20_000;
        var rows = Enumerable.Range(0, count).Select(i => new CatalogRow
        {
            Kind = CatalogItemKind.Consumable,
            Code = "C0101010010100" + i.ToString("D7", CultureInfo.InvariantCulture),
            Name = "一次性使用无菌注射器",
            PriceCap = 12.34m + (i % 1000),
        }).ToList();

        await using var sqlite = await StoreScope.CreateAsync();
        await using var postgres = await PostgresStoreScope.CreateAsync(fixture.Server);

        // Warm-up: JIT and first connections out of the timing.
        await sqlite.ImportAsync("warm", CatalogItemKind.Drug, "A");
        await postgres.ImportAsync("warm", CatalogItemKind.Drug, "A");

        var sqliteTime = await TimeAsync(sqlite.Store, rows);
        var postgresTime = await TimeAsync(postgres.Store, rows);

        Assert.Equal(count, (await sqlite.Store.GetCatalogVersionAsync("v1", None))!.ItemCounts[CatalogItemKind.Consumable]);
        Assert.Equal(count, (await postgres.Store.GetCatalogVersionAsync("v1", None))!.ItemCounts[CatalogItemKind.Consumable]);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{count:N0} catalog rows: PostgreSQL binary COPY {postgresTime.TotalSeconds:F2} s, SQLite prepared inserts {sqliteTime.TotalSeconds:F2} s, SQLite/PostgreSQL = {sqliteTime / postgresTime:F2}"));
    }

    private static async Task<TimeSpan> TimeAsync(IGatewayStore store, List<CatalogRow> rows)
    {
        var clock = Stopwatch.StartNew();
        Assert.Equal(rows.Count, await store.ReplaceCatalogRowsAsync("v1", CatalogItemKind.Consumable, rows, None));
        return clock.Elapsed;
    }
}
