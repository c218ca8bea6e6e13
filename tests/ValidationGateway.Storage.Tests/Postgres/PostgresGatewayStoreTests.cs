using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using ValidationGateway.Core.Catalog;
using ValidationGateway.Storage.Postgres;
using ValidationGateway.Storage.Tests.TestSupport;

namespace ValidationGateway.Storage.Tests.Postgres;

/// <summary>What only the PostgreSQL store has: binary COPY at scale, connection strings, connection failures.</summary>
[Collection(PostgresTests.Name)]
public sealed class PostgresGatewayStoreTests(PostgresServerFixture fixture)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task ReplaceCatalogRowsAsync_200kVariedRowsByCopy_RoundTripExactly()
    {
        const int RowCount = 200_000;
        await using var scope = await PostgresStoreScope.CreateAsync(fixture.Server);
        var rows = Enumerable.Range(0, RowCount).Select(VariedRow).ToList();

        var written = await scope.Store.ReplaceCatalogRowsAsync("2026.11.1", CatalogItemKind.Consumable, rows, None);
        var published = await scope.Store.PublishCatalogVersionAsync("2026.11.1", None);

        Assert.Equal(RowCount, written);
        Assert.Equal(RowCount, published.ItemCounts[CatalogItemKind.Consumable]);
        var read = new List<CatalogRow>(RowCount);
        await foreach (var row in scope.Store.ReadCatalogRowsAsync("2026.11.1", None))
        {
            read.Add(row);
        }

        read.Sort((a, b) => string.CompareOrdinal(a.Code, b.Code));
        Assert.Equal(rows, read);
        // Decimals keep the scale the file gave, not just the value.
        Assert.Equal(rows.Select(r => Text(r.PriceCap)), read.Select(r => Text(r.PriceCap)));
        Assert.Equal(rows.Select(r => Text(r.Level2Price)), read.Select(r => Text(r.Level2Price)));
    }

    [Fact]
    public async Task ReplaceCatalogRowsAsync_DecimalsAndDates_StoredAsNumericAndDateNotFloatingPoint()
    {
        await using var scope = await PostgresStoreScope.CreateAsync(fixture.Server);
        var row = new CatalogRow
        {
            Kind = CatalogItemKind.Drug,
            Code = "XA11CCA351E002010101121",
            BeginDate = new DateOnly(2021, 1, 1),
            PriceCap = 0.1m + 0.2m,
            Level1Price = 79228162514264337593543950335m,
            Level2Price = -0.0000000000000000000000000001m,
            Level3Price = 12.500m,
        };

        await scope.Store.ReplaceCatalogRowsAsync("v1", CatalogItemKind.Drug, [row], None);

        Assert.Equal("0.3", await scope.TextAsync("SELECT pric_uplmt_amt FROM catalog_items"));
        Assert.Equal("79228162514264337593543950335", await scope.TextAsync("SELECT lv1_hosp_item_pric FROM catalog_items"));
        Assert.Equal("-0.0000000000000000000000000001", await scope.TextAsync("SELECT lv2_hosp_item_pric FROM catalog_items"));
        Assert.Equal("12.500", await scope.TextAsync("SELECT lv3_hosp_item_pric FROM catalog_items"));
        Assert.Equal("2021-01-01", await scope.TextAsync("SELECT begndate FROM catalog_items"));
        await foreach (var back in scope.Store.ReadCatalogRowsAsync("v1", None))
        {
            Assert.Equal(row, back);
            Assert.Equal("12.500", Text(back.Level3Price));
        }
    }

    [Fact]
    public async Task ReplaceCatalogRowsAsync_WhileAnotherNodePublishesTheVersion_EitherLandsBeforeOrIsRefused()
    {
        await using var scope = await PostgresStoreScope.CreateAsync(fixture.Server);
        await scope.ImportAsync("v1", CatalogItemKind.Drug, "A");
        await using var otherNode = scope.OpenAnotherStore();

        var import = Task.Run(() => scope.Store.ReplaceCatalogRowsAsync(
            "v1", CatalogItemKind.Herb, Enumerable.Range(0, 50_000).Select(i => new CatalogRow { Kind = CatalogItemKind.Herb, Code = $"T{i}" }).ToList(), None));
        var publish = Task.Run(() => otherNode.PublishCatalogVersionAsync("v1", None));
        var published = await publish;

        try
        {
            await import;
            // The import committed first: the publish waited for it and saw its rows.
            Assert.Equal(50_000, published.ItemCounts.GetValueOrDefault(CatalogItemKind.Herb));
        }
        catch (StoreConflictException)
        {
            // The publish committed first: the import was refused, nothing of it landed.
            Assert.False(published.ItemCounts.ContainsKey(CatalogItemKind.Herb));
        }

        Assert.Equal(published.ItemCounts, (await scope.Store.GetCatalogVersionAsync("v1", None))!.ItemCounts);
    }

    [Fact]
    public async Task OpenAsync_PostgresUrl_OpensTheSameDatabase()
    {
        await using var scope = await PostgresStoreScope.CreateAsync(fixture.Server);
        await scope.ImportAsync("v1", CatalogItemKind.Drug, "A");

        await using var store = await PostgresGatewayStore.OpenAsync(
            $"postgres://postgres@127.0.0.1:{fixture.Server.Port}/{scope.Database}?Timeout=5", TimeProvider.System, None);

        Assert.Equal($"127.0.0.1:{fixture.Server.Port}/{scope.Database}", store.StoreName);
        Assert.Equal(1, (await store.GetCatalogVersionAsync("v1", None))!.ItemCounts[CatalogItemKind.Drug]);
    }

    [Fact]
    public async Task OpenAsync_WrongPort_FailsWithMessageNamingHostPortAndDatabase()
    {
        var port = ClosedLoopbackPort();

        var error = await Assert.ThrowsAsync<NpgsqlException>(async () =>
        {
            await using var store = await PostgresGatewayStore.OpenAsync($"Host=127.0.0.1;Port={port};Database=vgw;Username=postgres;Timeout=5", TimeProvider.System, None);
        });

        Assert.Contains($"Cannot connect to the PostgreSQL store 127.0.0.1:{port}/vgw", error.Message, StringComparison.Ordinal);
        Assert.Contains("attempt 3 of 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("--store", error.Message, StringComparison.Ordinal);
        Assert.True(PostgresTransientErrors.IsTransient(error));
    }

    [Fact]
    public async Task OpenAsync_UnknownDatabase_FailsAtOnceNamingIt()
    {
        var error = await Assert.ThrowsAsync<NpgsqlException>(async () =>
        {
            await using var store = await PostgresGatewayStore.OpenAsync(fixture.Server.ConnectionString("no_such_db"), TimeProvider.System, None);
        });

        Assert.Contains("attempt 1 of 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("no_such_db", error.Message, StringComparison.Ordinal);
        Assert.Equal("3D000", Assert.IsType<PostgresException>(error.InnerException).SqlState);
    }

    [Fact]
    public async Task ReadAsync_ServerTerminatesTheConnection_RetriedOnAFreshOne()
    {
        await using var scope = await PostgresStoreScope.CreateAsync(fixture.Server);
        await scope.ImportAsync("v1", CatalogItemKind.Drug, "A");
        Assert.NotNull(await scope.Store.GetCatalogVersionAsync("v1", None));

        // Kill every pooled connection of the store behind its back (57P01 on the next use).
        await scope.ScalarAsync($"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '{scope.Database}' AND application_name = 'vgw'");

        Assert.Equal(1, (await scope.Store.GetCatalogVersionAsync("v1", None))!.ItemCounts[CatalogItemKind.Drug]);
    }

    private static CatalogRow VariedRow(int i) => new()
    {
        Kind = CatalogItemKind.Consumable,
        Code = "C0101010010100" + i.ToString("D6", CultureInfo.InvariantCulture),
        Name = i % 7 == 0 ? "" : "一次性使用无菌注射器 " + i.ToString(CultureInfo.InvariantCulture),
        BeginDate = i % 5 == 0 ? null : new DateOnly(2020, 1, 1).AddDays(i % 2000),
        EndDate = i % 3 == 0 ? null : new DateOnly(2030, 12, 31).AddDays(-(i % 400)),
        Valid = i % 11 != 0,
        ChargeLevel = (i % 4) switch { 0 => "", 1 => "01", 2 => "02", _ => "03" },
        RestrictedUse = i % 13 == 0,
        PriceCap = i % 6 == 0 ? null : decimal.Parse((i % 100000).ToString(CultureInfo.InvariantCulture) + ".50", CultureInfo.InvariantCulture),
        Level1Price = i % 2 == 0 ? null : i / 1000m,
        Level2Price = i % 9 == 0 ? null : 123456789012345.12m - i,
        Level3Price = i % 17 == 0 ? 0m : null,
    };

    private static string? Text(decimal? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static int ClosedLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
