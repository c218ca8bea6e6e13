using System.Globalization;
using ValidationGateway.Core.Rules;

namespace ValidationGateway.Storage.Files;

/// <summary>Writes knowledge points as CSV in the import format (<see cref="KnowledgePointColumns.All"/>, UTF-8, header
/// row), so that <c>vgw rules import</c> reads them back unchanged and <c>vgw-load --knowledge</c> can plan its traffic by them.</summary>
public static class KnowledgePointFileWriter
{
    /// <summary>Writes the header and every point; returns the points written.</summary>
    public static async Task<long> WriteAsync(IAsyncEnumerable<KnowledgePoint> points, TextWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(writer);
        await writer.WriteLineAsync(string.Join(',', KnowledgePointColumns.All)).ConfigureAwait(false);
        long written = 0;
        await foreach (var point in points.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            await writer.WriteLineAsync(Line(point)).ConfigureAwait(false);
            written++;
        }

        return written;
    }

    /// <summary>One point in the order of <see cref="KnowledgePointColumns.All"/>.</summary>
    public static string Line(KnowledgePoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        return string.Join(',',
            RuleIds.NameOf(point.Rule),
            CsvText.Field(point.Code),
            CsvText.Field(point.CodeB),
            point.Gender,
            point.AgeMin?.ToString(CultureInfo.InvariantCulture) ?? "",
            point.AgeMax?.ToString(CultureInfo.InvariantCulture) ?? "",
            point.MaxPerDay?.ToString(CultureInfo.InvariantCulture) ?? "",
            CsvText.Field(point.Note));
    }
}
