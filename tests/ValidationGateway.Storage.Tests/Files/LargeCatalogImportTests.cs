using System.Globalization;
using System.Text;
using ValidationGateway.Core.Catalog;
using ValidationGateway.Storage.Files;
using ValidationGateway.Storage.Tests.TestSupport;

namespace ValidationGateway.Storage.Tests.Files;

public sealed class LargeCatalogImportTests
{
    private const int RowCount = 200_000;

    [Fact]
    public async Task ReadRowsIntoReplace_200kRowCsv_StreamsEveryRowIntoTheStore()
    {
        await using var scope = await StoreScope.CreateAsync();
        var path = WriteFile(scope, badRow: null);

        using var reader = CatalogFileReader.Open(path, CatalogItemKind.Consumable);
        var written = await scope.Store.ReplaceCatalogRowsAsync("2026.11.1", CatalogItemKind.Consumable, reader.ReadRows(), CancellationToken.None);
        var published = await scope.Store.PublishCatalogVersionAsync("2026.11.1", CancellationToken.None);

        Assert.Empty(reader.Errors);
        Assert.Equal(RowCount, written);
        Assert.Equal(RowCount, published.ItemCounts[CatalogItemKind.Consumable]);
        var read = 0L;
        var total = 0m;
        await foreach (var row in scope.Store.ReadCatalogRowsAsync("2026.11.1", CancellationToken.None))
        {
            read++;
            total += row.PriceCap!.Value;
        }

        Assert.Equal(RowCount, read);
        Assert.Equal(12.34m * RowCount, total);
    }

    [Fact]
    public async Task ReadRowsIntoReplace_BadRowNearTheEnd_RollsBackAndKeepsTheDraftsRows()
    {
        await using var scope = await StoreScope.CreateAsync();
        await scope.ImportAsync("2026.11.1", CatalogItemKind.Consumable, "OLD1", "OLD2");
        var path = WriteFile(scope, badRow: RowCount - 10);

        using var reader = CatalogFileReader.Open(path, CatalogItemKind.Consumable);
        var rejected = await Assert.ThrowsAsync<ImportFileRejectedException>(() =>
            scope.Store.ReplaceCatalogRowsAsync("2026.11.1", CatalogItemKind.Consumable, reader.ReadRows(), CancellationToken.None));

        Assert.Equal((RowCount - 10 + 2, "pric_uplmt_amt"), (rejected.Errors.Single().Row, rejected.Errors.Single().Column));
        var version = await scope.Store.GetCatalogVersionAsync("2026.11.1", CancellationToken.None);
        Assert.Equal(2, version!.ItemCounts[CatalogItemKind.Consumable]);
    }

    private static string WriteFile(StoreScope scope, int? badRow)
    {
        var path = scope.Directory.File("consumable.csv");
        using (var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
        {
            writer.WriteLine("med_list_codg,name,begndate,vali_flag,chrgitm_lv,pric_uplmt_amt");
            for (var i = 0; i < RowCount; i++)
            {
                writer.Write("C01010100101001");
                writer.Write(i.ToString("D5", CultureInfo.InvariantCulture));
                writer.Write(",耗材");
                writer.Write(i.ToString(CultureInfo.InvariantCulture));
                writer.WriteLine(i == badRow ? ",2025-01-01,1,02,-1" : ",2025-01-01,1,02,12.34");
            }
        }

        return path;
    }
}
