using ValidationGateway.Core.Catalog;
using ValidationGateway.Storage;

namespace ValidationGateway.Server.Demo;

/// <summary>Writes the demo data set into a store and publishes its catalog version.</summary>
internal static class DemoSeeder
{
    /// <summary>True when the store has no catalog version and no institution: a fresh install.</summary>
    public static async Task<bool> IsEmptyAsync(IGatewayStore store, CancellationToken cancellationToken) =>
        (await store.ListCatalogVersionsAsync(cancellationToken).ConfigureAwait(false)).Count == 0
        && (await store.ListInstitutionsAsync(cancellationToken).ConfigureAwait(false)).Count == 0;

    /// <summary>Seeds institutions and the demo catalog; publishing it makes it current. Idempotent for institutions; fails if the demo version is already published.</summary>
    public static async Task<int> SeedAsync(IGatewayStore store, CancellationToken cancellationToken)
    {
        foreach (var institution in DemoDataSet.Institutions)
        {
            await store.UpsertInstitutionAsync(institution, cancellationToken).ConfigureAwait(false);
            await store.UpsertMappingsAsync(institution.Code, DemoDataSet.Mappings.Where(m => m.InstitutionCode == institution.Code), replaceAll: false, cancellationToken).ConfigureAwait(false);
        }

        await store.UpsertPractitionersAsync(DemoDataSet.Practitioners, cancellationToken).ConfigureAwait(false);

        var existing = await store.GetCatalogVersionAsync(DemoDataSet.Version, cancellationToken).ConfigureAwait(false);
        if (existing?.State is CatalogVersionState.Published or CatalogVersionState.Retired)
        {
            return 0;
        }

        var rows = 0L;
        foreach (var (kind, kindRows) in DemoDataSet.Rows)
        {
            rows += await store.ReplaceCatalogRowsAsync(DemoDataSet.Version, kind, kindRows, cancellationToken).ConfigureAwait(false);
        }

        await store.ReplaceKnowledgePointsAsync(DemoDataSet.Version, DemoDataSet.KnowledgePoints, cancellationToken).ConfigureAwait(false);
        await store.PublishCatalogVersionAsync(DemoDataSet.Version, cancellationToken).ConfigureAwait(false);
        return (int)rows;
    }
}
