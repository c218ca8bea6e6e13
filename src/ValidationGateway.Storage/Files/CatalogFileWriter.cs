using System.Globalization;
using ValidationGateway.Core.Catalog;

namespace ValidationGateway.Storage.Files;

/// <summary>Writes catalog rows as CSV in the import format (<see cref="CatalogColumns.All"/>, UTF-8, header row), so
/// that <c>vgw catalog import</c> reads them back unchanged and <c>vgw-load --catalog</c> can draw its traffic from them.</summary>
public static class CatalogFileWriter
{
    /// <summary>Writes the header and every row of <paramref name="kind"/> (every kind when null); returns the rows written.</summary>
    /// <param name="progress">Called with the number of rows written so far, every 10,000 rows and at the end.</param>
    public static async Task<long> WriteAsync(IAsyncEnumerable<CatalogRow> rows, CatalogItemKind? kind, TextWriter writer, Action<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(writer);
        await writer.WriteLineAsync(string.Join(',', CatalogColumns.All)).ConfigureAwait(false);
        long written = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (kind is { } only && row.Kind != only)
            {
                continue;
            }

            await writer.WriteLineAsync(Line(row)).ConfigureAwait(false);
            if (++written % 10_000 == 0)
            {
                progress?.Invoke(written);
            }
        }

        progress?.Invoke(written);
        return written;
    }

    /// <summary>One row in the order of <see cref="CatalogColumns.All"/>.</summary>
    public static string Line(CatalogRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return string.Join(',',
            CsvText.Field(row.Code),
            CsvText.Field(row.Name),
            Date(row.BeginDate),
            Date(row.EndDate),
            row.Valid ? "1" : "0",
            CsvText.Field(row.ChargeLevel),
            row.RestrictedUse ? "1" : "0",
            Amount(row.PriceCap),
            Amount(row.Level1Price),
            Amount(row.Level2Price),
            Amount(row.Level3Price));
    }

    private static string Date(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    private static string Amount(decimal? amount) => amount?.ToString(CultureInfo.InvariantCulture) ?? "";
}
