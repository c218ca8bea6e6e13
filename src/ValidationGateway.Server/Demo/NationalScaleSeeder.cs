using System.Diagnostics;
using System.Globalization;
using ValidationGateway.Core.Catalog;
using ValidationGateway.Storage;

namespace ValidationGateway.Server.Demo;

/// <summary>Imports a <see cref="NationalScaleDataSet"/> into a store and publishes it, reporting progress in rows per second.</summary>
/// <remarks>Rows are generated while the store writes them (one kind per transaction, one institution per transaction), so memory stays flat whatever the scale.</remarks>
internal sealed class NationalScaleSeeder(IGatewayStore store, TextWriter progress)
{
    private const int ProgressEvery = 100_000;

    /// <summary>Imports the catalog and its knowledge points into draft <paramref name="version"/>, the institutions, mappings and practitioners, then publishes.</summary>
    public async Task<NationalScaleSummary> SeedAsync(NationalScaleDataSet data, string version, CancellationToken cancellationToken)
    {
        var total = Stopwatch.StartNew();
        var existing = await store.GetCatalogVersionAsync(version, cancellationToken).ConfigureAwait(false);
        if (existing is { State: not CatalogVersionState.Draft })
        {
            throw new InvalidOperationException($"catalog version '{version}' is already {existing.State.ToString().ToLowerInvariant()}; choose another with --version");
        }

        long rows = 0;
        var catalog = Stopwatch.StartNew();
        foreach (var kind in NationalScaleDataSet.Kinds)
        {
            var watch = Stopwatch.StartNew();
            var written = await store.ReplaceCatalogRowsAsync(version, kind, Counted(data.Rows(kind), kind.ToName()), cancellationToken).ConfigureAwait(false);
            rows += written;
            await WriteAsync($"  {kind.ToName(),-10} {written,12:N0} rows in {watch.Elapsed.TotalSeconds,6:0.0} s ({Rate(written, watch.Elapsed)} rows/s)").ConfigureAwait(false);
        }

        var catalogTime = catalog.Elapsed;
        await WriteAsync($"catalog: {rows:N0} rows imported into draft {version} in {catalogTime.TotalSeconds:0.0} s ({Rate(rows, catalogTime)} rows/s)").ConfigureAwait(false);
        var knowledgePoints = await store.ReplaceKnowledgePointsAsync(version, data.KnowledgePoints(), cancellationToken).ConfigureAwait(false);
        await WriteAsync($"knowledge points: {knowledgePoints:N0} (export them with vgw rules export --version {version})").ConfigureAwait(false);

        var institutionsWatch = Stopwatch.StartNew();
        long mappings = 0, practitioners = 0;
        var lastReport = institutionsWatch.Elapsed;
        for (var i = 0; i < data.Institutions; i++)
        {
            var institution = NationalScaleDataSet.InstitutionAt(i);
            await store.UpsertInstitutionAsync(institution, cancellationToken).ConfigureAwait(false);
            mappings += await store.UpsertMappingsAsync(institution.Code, data.MappingsOf(i, institution), replaceAll: true, cancellationToken).ConfigureAwait(false);
            practitioners += await store.UpsertPractitionersAsync(NationalScaleDataSet.PractitionersOf(i, institution), cancellationToken).ConfigureAwait(false);
            if (i == data.Institutions - 1 || institutionsWatch.Elapsed - lastReport > TimeSpan.FromSeconds(5))
            {
                lastReport = institutionsWatch.Elapsed;
                await WriteAsync($"  institutions {i + 1,6:N0}/{data.Institutions:N0}, mappings {mappings,12:N0} ({Rate(mappings, institutionsWatch.Elapsed)} rows/s)").ConfigureAwait(false);
            }
        }

        var institutionsTime = institutionsWatch.Elapsed;
        var publishWatch = Stopwatch.StartNew();
        await store.PublishCatalogVersionAsync(version, cancellationToken).ConfigureAwait(false);
        var publishTime = publishWatch.Elapsed;
        await WriteAsync($"published {version} in {publishTime.TotalSeconds:0.00} s; it is now the current version").ConfigureAwait(false);
        return new NationalScaleSummary(version, rows, knowledgePoints, data.Institutions, mappings, practitioners, catalogTime, institutionsTime, publishTime, total.Elapsed);
    }

    private IEnumerable<CatalogRow> Counted(IEnumerable<CatalogRow> rows, string kind)
    {
        var watch = Stopwatch.StartNew();
        long n = 0;
        foreach (var row in rows)
        {
            yield return row;
            if (++n % ProgressEvery == 0)
            {
                // Inside the store's synchronous enumeration of the rows: a plain write keeps the progress in step with the import.
                progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {kind} {n:N0} rows ({Rate(n, watch.Elapsed)} rows/s)"));
            }
        }
    }

    private Task WriteAsync(string line) => progress.WriteLineAsync(line);

    private static string Rate(long count, TimeSpan elapsed) =>
        (count / Math.Max(elapsed.TotalSeconds, 1e-3)).ToString("N0", CultureInfo.InvariantCulture);
}
