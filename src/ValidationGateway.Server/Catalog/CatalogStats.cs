using System.Diagnostics;
using ValidationGateway.Core.Institutions;
using ValidationGateway.Storage;

namespace ValidationGateway.Server.Catalog;

/// <summary>Measures what a gateway pays to load a version: store read time, snapshot build time and managed bytes per code; optionally every institution's mappings too.</summary>
/// <remarks>
/// Memory is <see cref="GC.GetTotalMemory(bool)"/> after full collections, before and after, with the snapshot kept
/// alive: the bytes the snapshot retains, not the garbage its build produced. Run it in a process of its own (the CLI)
/// so nothing else moves the heap in between.
/// </remarks>
internal static class CatalogStats
{
    public static async Task<CatalogStatsResult> MeasureAsync(IGatewayStore store, string version, bool withInstitutions, CancellationToken cancellationToken)
    {
        await CatalogSnapshotLoader.RequireAsync(store, version, cancellationToken).ConfigureAwait(false);

        // A read-only pass first, so the build's share of the load time can be told apart from the store's.
        var read = Stopwatch.StartNew();
        long rows = 0;
        await foreach (var row in store.ReadCatalogRowsAsync(version, cancellationToken).ConfigureAwait(false))
        {
            rows++;
        }

        var readTime = read.Elapsed;

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var load = Stopwatch.StartNew();
        var snapshot = await CatalogSnapshotLoader.LoadAsync(store, version, cancellationToken).ConfigureAwait(false);
        var loadTime = load.Elapsed;
        var after = GC.GetTotalMemory(forceFullCollection: true);
        var result = new CatalogStatsResult(version, rows, snapshot.RowCount, snapshot.CodeCount, readTime, loadTime, after - before) { TableBytes = snapshot.TableBytes };

        if (withInstitutions)
        {
            var institutions = await store.ListInstitutionsAsync(cancellationToken).ConfigureAwait(false);
            var beforeReference = GC.GetTotalMemory(forceFullCollection: true);
            var watch = Stopwatch.StartNew();
            var loaded = new List<InstitutionReferenceData>(institutions.Count);
            long mappings = 0;
            foreach (var institution in institutions)
            {
                var rowsOf = await store.GetMappingsAsync(institution.Code, cancellationToken).ConfigureAwait(false);
                var practitioners = await store.GetPractitionersAsync(institution.Code, cancellationToken).ConfigureAwait(false);
                loaded.Add(new InstitutionReferenceData(institution, rowsOf, practitioners, Core.Codes.CodeFormatProfile.Default));
                mappings += rowsOf.Count;
            }

            var referenceTime = watch.Elapsed;
            var afterReference = GC.GetTotalMemory(forceFullCollection: true);
            GC.KeepAlive(loaded);
            result = result with { Institutions = institutions.Count, Mappings = mappings, ReferenceLoadTime = referenceTime, ReferenceBytes = afterReference - beforeReference };
        }

        GC.KeepAlive(snapshot);
        return result;
    }
}
