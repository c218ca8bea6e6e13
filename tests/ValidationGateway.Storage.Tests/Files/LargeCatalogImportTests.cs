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
    public async Task ParseThenReplace_200kRowCsv_StreamsEveryRowIntoTheStore()
    {
        await using var scope = await StoreScope.CreateAsync();
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
                writer.WriteLine(",2025-01-01,1,02,12.34");
            }
        }

        var parsed = CatalogFileParser.Parse(path, CatalogItemKind.Consumable);
        Assert.True(parsed.Succeeded, string.Join("\n", parsed.Errors.Take(5)));
        Assert.Equal(RowCount, parsed.Rows.Count);

        var written = await scope.Store.ReplaceCatalogRowsAsync("2026.11.1", CatalogItemKind.Consumable, parsed.Rows, CancellationToken.None);
        var published = await scope.Store.PublishCatalogVersionAsync("2026.11.1", CancellationToken.None);

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
}
