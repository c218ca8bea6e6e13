using System.Diagnostics;
using ValidationGateway.Storage;

namespace ValidationGateway.Server.Catalog;

/// <summary>Measures what a gateway pays to load a version: store read time, snapshot build time and managed bytes per code; optionally every institution's mappings too.</summary>
/// <remarks>
/// Memory is <see cref="GC.GetTotalMemory(bool)"/> after full collections, before and after, with the snapshot kept
/// alive: the bytes the snapshot retains, not the garbage its build produced. Run it in a process of its own (the CLI)
/// so nothing else moves the heap in between. With institutions, all of them are loaded in one scan
/// (<see cref="InstitutionReferenceLoader"/>) and measured the same way; the combined figure is the one the national
/// goal is stated in (docs/national-scale.md): catalog + institutions load time, and all retained bytes over codes + mappings.
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
            var beforeReference = GC.GetTotalMemory(forceFullCollection: true);
            var watch = Stopwatch.StartNew();
            var loaded = await InstitutionReferenceLoader.LoadAllAsync(store, Core.Codes.CodeFormatProfile.Default, cancellationToken).ConfigureAwait(false);
            var referenceTime = watch.Elapsed;
            var afterReference = GC.GetTotalMemory(forceFullCollection: true);
            long mappings = 0, mappingTableBytes = 0;
            foreach (var reference in loaded)
            {
                mappings += reference.MappingCount;
                mappingTableBytes += reference.MappingTableBytes;
            }

            GC.KeepAlive(loaded);
            result = result with
            {
                Institutions = loaded.Count, Mappings = mappings, ReferenceLoadTime = referenceTime, ReferenceBytes = afterReference - beforeReference,
                MappingTableBytes = mappingTableBytes,
            };
        }

        GC.KeepAlive(snapshot);
        return result;
    }
}
